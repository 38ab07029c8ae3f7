"""JWT issuing and checks: every token carries the schema of the tenant that issued it."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
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
