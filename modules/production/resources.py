from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import ProductionOrder
from .vocabulary import PRODUCTION_ORDER


class ProductionOrderResource(VocabularyResource):
    """The production orders list as a spreadsheet (export only: orders are planned one by one)."""

    vocabulary = PRODUCTION_ORDER

    class Meta:
        model = ProductionOrder
        name = gettext_lazy("Órdenes de producción")
        fields = export_order = (*PRODUCTION_ORDER.fields()[1:], "id")

    required_columns = ("descripcion",)

    def get_queryset(self):
        from .selectors import production_order_admin_list

        return production_order_admin_list()
