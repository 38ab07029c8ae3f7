"""The names of setting fields outside Python (JSON keys, query parameters)."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Setting

#: The row's fields, then what its definition says (not model fields: ``extra``).
SETTING = Vocabulary(
    Setting,
    {
        "id": "id",
        "key": "clave",
        "group": "grupo",
        "type": "tipo",
        "label": "etiqueta",
        "help": "ayuda",
        "value": "valor",
        "default": "valor_por_defecto",
        "required": "obligatoria",
        "api_writable": "editable",
        "choices": "opciones",
        "min_value": "minimo",
        "max_value": "maximo",
        "updated_by": "actualizado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
    extra=(
        "group",
        "type",
        "label",
        "help",
        "default",
        "required",
        "api_writable",
        "choices",
        "min_value",
        "max_value",
    ),
)
