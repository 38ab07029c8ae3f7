"""Maintenance mode: while it is on, only the business's administrators write.

API writes (POST, PUT, PATCH, DELETE) answer 503 ``maintenance`` in the common error shape and the
admin's forms its 503 page, for every signed-in user but those who may change the settings
(Administrador): they keep working and can switch it off. Reads keep working; signing in and out
too; a request without valid credentials gets its usual 401. The flag is
one of the cached settings, so the check costs no SQL once warm; the user is only looked up for a
write during maintenance.
"""

from __future__ import annotations

import re

from django.http import JsonResponse
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings

from fotostudio.admin.errors import admin_error_page

from .selectors import maintenance_active, maintenance_refusal, may_write_during_maintenance
from .services import SettingErrorCode

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Writes that maintenance never stops: starting and ending a session.
EXEMPT_PATHS = re.compile(r"^/(api/(v1/)?auth/(token|login|refresh|token/refresh|logout)/|admin/(login|logout)/)$")
GUARDED_PREFIXES = ("/api/", "/admin/")


def api_user(request):
    """The user the request's token names, with the API's own authentication (``None`` when none)."""
    for authenticator_class in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        try:
            found = authenticator_class().authenticate(request)
        except APIException:
            return None
        if found is not None:
            return found[0]
    return None


class MaintenanceModeMiddleware:
    """After the authentication middleware (the admin's user) and the tenant middleware (the settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            request.method in WRITE_METHODS
            and path.startswith(GUARDED_PREFIXES)
            and not EXEMPT_PATHS.match(path)
            and maintenance_active()
        ):
            is_api = path.startswith("/api/")
            user = api_user(request) if is_api else getattr(request, "user", None)
            # Someone not signed in gets what they always get (401, the sign-in page): who first, then when.
            signed_in = user is not None and user.is_authenticated
            if signed_in and not may_write_during_maintenance(user):
                message = maintenance_refusal()
                if is_api:
                    return JsonResponse({"detail": message, "code": SettingErrorCode.MAINTENANCE}, status=503)
                return admin_error_page(request, 503, message)
        return self.get_response(request)
