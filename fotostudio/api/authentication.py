"""JWT bound to the tenant that issued it."""

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

#: simplejwt's user checks, in the API's language (its own catalogue has no Spanish for them).
USER_CHECK_MESSAGES = {
    "user_inactive": _("El usuario está desactivado."),
    "password_changed": _("La contraseña ha cambiado: inicie sesión de nuevo."),
    "user_not_found": _("El usuario ya no existe."),
}


def token_tenant_matches(token) -> bool:
    return token.get(settings.JWT_TENANT_CLAIM) == connection.schema_name


class TenantJWTAuthentication(JWTAuthentication):
    """A token carries the schema it was issued for; any other tenant answers 401."""

    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        if not token_tenant_matches(token):
            raise InvalidToken(_("El token pertenece a otro negocio."))
        return token

    def get_user(self, validated_token):
        try:
            return super().get_user(validated_token)
        except AuthenticationFailed as exc:
            from fotostudio.api.exceptions import error_code  # that module imports DRF's views

            code = error_code(exc)
            if code in USER_CHECK_MESSAGES:
                raise AuthenticationFailed(USER_CHECK_MESSAGES[code], code=code) from exc
            raise
