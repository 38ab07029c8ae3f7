"""Resolve the request's tenant from its host name, or from ``X-Tenant`` on the public API host."""

import zoneinfo

from django.db import connection
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, remove_www

from fotostudio.observability import tenant_var

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
