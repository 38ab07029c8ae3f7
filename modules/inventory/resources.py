"""The materials list as a spreadsheet (the admin's export): every column by its Spanish name."""

from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import Material
from .vocabulary import MATERIAL


class MaterialResource(VocabularyResource):
    vocabulary = MATERIAL

    class Meta:
        model = Material
        name = gettext_lazy("Materiales")
        fields = export_order = tuple(field for field in MATERIAL.fields() if field not in ("id", "stock_level")) + (
            "id",
        )

    required_columns = ("sku",)
    column_help = {"sku": gettext_lazy("Obligatorio y único.")}
    import_examples = ()

    def get_queryset(self):
        from .selectors import material_list

        return material_list()
