from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from ..filters import TenantFilter
from ..selectors import tenant_list
from .serializers import TenantSerializer


def _on_public_host(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.is_public


class IsPlatformStaff(BasePermission):
    """Platform staff: staff users of the public schema, on the public host."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


PLATFORM_ONLY = _(
    "Solo para el personal de la plataforma, en la dirección pública de la plataforma; en la dirección de un "
    "negocio responde 404."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar negocios"),
        description=format_lazy("{} {}", _("Los negocios que aloja la plataforma."), PLATFORM_ONLY),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un negocio"),
        description=format_lazy("{} {}", _("Un negocio de la plataforma."), PLATFORM_ONLY),
    ),
)
@extend_schema(tags=["tenants"])
class TenantViewSet(viewsets.ReadOnlyModelViewSet):
    """``GET /api/tenants/`` and ``/api/tenants/{id}/``, for platform staff on the platform host."""

    serializer_class = TenantSerializer
    permission_classes = [IsPlatformStaff]
    filterset_class = TenantFilter

    def initial(self, request, *args, **kwargs):
        if not _on_public_host(request):
            raise Http404
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        return tenant_list()


@extend_schema(
    tags=["tenants"],
    summary=_("Negocio actual"),
    description=_(
        "El negocio al que va la petición (por su dirección o por `X-Tenant`): nombre, tipo, plan, zona "
        "horaria, idioma y logo. Para cualquier usuario autenticado; en la dirección pública de la "
        "plataforma responde 404."
    ),
)
class CurrentTenantView(generics.RetrieveAPIView):
    serializer_class = TenantSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        if _on_public_host(self.request):
            raise Http404
        return self.request.tenant
