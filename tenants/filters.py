from fotostudio.api.filters import ApiFilterSet

from .models import Tenant
from .vocabulary import TENANT


class TenantFilter(ApiFilterSet):
    """``?tipo_negocio=``, ``?plan=``, ``?es_activo=``, ``?search=`` (name, slug, domain) and ``?ordering=``."""

    class Meta:
        model = Tenant
        vocabulary = TENANT
        fields = {"business_type": ["exact"], "plan": ["exact"], "is_active": ["exact"]}
        search = ("name", "schema_name", "domains__domain")
        ordering = ("name", "created_at")
