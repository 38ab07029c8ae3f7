from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import Product
from .vocabulary import PRODUCT


class ProductResource(VocabularyResource):
    vocabulary = PRODUCT

    class Meta:
        model = Product
        name = gettext_lazy("Productos terminados")
        fields = export_order = (*PRODUCT.fields()[1:], "id")

    required_columns = ("nombre",)
    column_help = {
        "nombre": gettext_lazy("Obligatorio y único."),
        "es_activo": gettext_lazy("sí o no (por defecto sí)."),
    }
    import_examples = ({"nombre": "Ejemplo", "notas": "", "es_activo": "sí"},)

    def get_queryset(self):
        from .selectors import product_list

        return product_list()
