from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import Contract
from .vocabulary import CONTRACT


class ContractResource(VocabularyResource):
    vocabulary = CONTRACT

    class Meta:
        model = Contract
        name = gettext_lazy("Contratos con colegios")
        fields = export_order = (*CONTRACT.fields()[1:], "id")

    required_columns = ("nombre",)
    column_help = {
        "nombre": gettext_lazy("Obligatorio y único."),
        "es_activo": gettext_lazy("sí o no (por defecto sí)."),
    }
    import_examples = ({"nombre": "Ejemplo", "notas": "", "es_activo": "sí"},)

    def get_queryset(self):
        from .selectors import contract_list

        return contract_list()
