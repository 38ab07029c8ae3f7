from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import Material
from .vocabulary import MATERIAL


class MaterialResource(VocabularyResource):
    vocabulary = MATERIAL

    class Meta:
        model = Material
        name = gettext_lazy("Inventario")
        fields = export_order = (*MATERIAL.fields()[1:], "id")

    required_columns = ("nombre",)
    column_help = {
        "nombre": gettext_lazy("Obligatorio y único."),
        "es_activo": gettext_lazy("sí o no (por defecto sí)."),
    }
    import_examples = ({"nombre": "Ejemplo", "notas": "", "es_activo": "sí"},)

    def get_queryset(self):
        from .selectors import material_list

        return material_list()
