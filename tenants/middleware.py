"""Resolve the request's tenant from its host name, or from ``X-Tenant`` on the public API host;
then the request's language, which by default is the tenant's."""

import zoneinfo

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django_tenants.utils import get_public_schema_name, remove_www

from fotostudio.core.observability import tenant_var
from fotostudio.urls import urlconf_for_tenant

from .cache import tenant_for_host, tenant_for_slug

TENANT_HEADER = "X-Tenant"
#: Paths served without a tenant (no tenant data behind them).
TENANTLESS_PREFIXES = ("/health/", "/static/")


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema_to_public()
        timezone.deactivate()
        request.tenant = None
        if request.path_info.startswith(TENANTLESS_PREFIXES):
            return self.get_response(request)

        is_api = request.path_info.startswith("/api/")
        host = remove_www(request.get_host().split(":")[0])
        tenant = tenant_for_host(host)
        slug = request.headers.get(TENANT_HEADER, "").strip()
        if tenant is not None and tenant.schema_name == get_public_schema_name() and is_api and slug:
            tenant = tenant_for_slug(slug)
        elif tenant is not None and not tenant.is_public and slug and slug.lower() != tenant.schema_name:
            # A business's host serves only that business: a header naming another one is a client's mistake
            # (or a probe), never a way in.
            message = _("La cabecera X-Tenant nombra otro negocio que el de esta dirección.")
            if is_api:
                return JsonResponse({"detail": message, "code": "tenant_mismatch"}, status=400)
            return HttpResponseBadRequest(message)

        if tenant is None:
            return self._not_found(is_api, _("No existe un negocio para esta dirección."))
        if not tenant.is_active:
            if is_api:
                return JsonResponse(
                    {"detail": _("Este negocio está desactivado."), "code": "tenant_inactive"}, status=403
                )
            return self._not_found(is_api, _("Este negocio está desactivado."))

        connection.set_tenant(tenant)
        request.tenant = tenant
        request.urlconf = urlconf_for_tenant(tenant)  # the routes of the modules this tenant has
        tenant_var.set(tenant.schema_name)
        timezone.activate(zoneinfo.ZoneInfo(tenant.timezone))  # the business's local time in admin and API
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    @staticmethod
    def _not_found(is_api: bool, message: str):
        if is_api:
            return JsonResponse({"detail": message, "code": "tenant_not_found"}, status=404)
        raise Http404(message)


class TenantLocaleMiddleware(LocaleMiddleware):
    """The request's language, first that is available of:

    1. an explicit choice: the language cookie ``/i18n/setlang/`` sets (the admin's menu);
    2. on ``/api/`` only, the ``Accept-Language`` header (the frontend says what it wants);
    3. the tenant's ``language``;
    4. ``settings.LANGUAGE_CODE`` (Spanish).

    The admin ignores the browser's ``Accept-Language``: a business's staff see the
    business's language whatever their browser's, and switch with the language menu.
    Replaces Django's ``LocaleMiddleware`` and comes after ``TenantMiddleware`` (it reads
    ``request.tenant``). Like the tenant's time zone, the language is the request's
    only: it is deactivated once the response is ready.
    """

    def process_request(self, request):
        translation.activate(self.language_for(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        translation.deactivate()
        return response

    @staticmethod
    def language_for(request) -> str:
        candidates = [request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)]
        if request.path_info.startswith("/api/"):
            for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
                if code == "*":
                    break  # "anything": the tenant's language will do
                candidates.append(code)
        candidates.append(getattr(getattr(request, "tenant", None), "language", None))
        for candidate in candidates:
            if not candidate:
                continue
            try:
                return translation.get_supported_language_variant(candidate)
            except LookupError:
                continue
        return settings.LANGUAGE_CODE
