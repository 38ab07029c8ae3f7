from fotostudio.api.filters import ApiFilterSet

from .models import KpiDefinition
from .vocabulary import KPI_DEFINITION


class KpiDefinitionFilter(ApiFilterSet):
    """``?medida=``, ``?periodo=``, ``?es_activo=``, ``?search=`` and ``?ordering=``."""

    class Meta:
        model = KpiDefinition
        vocabulary = KPI_DEFINITION
        fields = {"measure": ["exact"], "period": ["exact"], "is_active": ["exact"]}
        search = "search_text"
        ordering = ("name", "measure", "created_at", "updated_at")
