"""JWT issuing, rotation and checks: every token carries the schema of the tenant that issued it."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from fotostudio.api.authentication import token_tenant_matches

from .models import User


def tokens_for_user(user: User) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    refresh[settings.JWT_TENANT_CLAIM] = connection.schema_name
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def refresh_token_for_tenant(raw: str) -> RefreshToken:
    """Parse a refresh token and make sure it belongs to the current tenant (401 otherwise)."""
    try:
        token = RefreshToken(raw)
    except TokenError as exc:
        raise InvalidToken(str(exc)) from exc
    if not token_tenant_matches(token):
        raise InvalidToken(_("El token pertenece a otro negocio."))
    return token


@transaction.atomic
def refresh_token_rotate(raw: str) -> dict[str, str]:
    """A new access and refresh token for a refresh token, which can be used once.

    The token's row in the outstanding list is locked first, so the same token sent many
    times at once is rotated once: the others wait, then find it blacklisted (401).
    """
    token = refresh_token_for_tenant(raw)
    outstanding = (
        OutstandingToken.objects.select_for_update(of=("self",))
        .filter(jti=token[api_settings.JTI_CLAIM])
        .order_by("pk")  # its default ordering joins the user, which FOR UPDATE cannot lock
        .first()
    )
    if outstanding is None or BlacklistedToken.objects.filter(token=outstanding).exists():
        raise InvalidToken(_("El token ya se usó o fue revocado."))
    user = User.objects.filter(pk=token.get(api_settings.USER_ID_CLAIM)).first()
    if user is None:
        raise AuthenticationFailed(_("El usuario ya no existe."), code="user_not_found")
    if not user.is_active:
        raise AuthenticationFailed(_("El usuario está desactivado."), code="user_inactive")
    BlacklistedToken.objects.create(token=outstanding)
    access = str(token.access_token)
    token.set_jti()
    token.set_exp()
    token.set_iat()
    token.outstand()
    return {"access": access, "refresh": str(token)}
