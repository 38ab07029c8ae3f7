"""Clients as the API shows them: the vocabulary's keys, the same names as the spreadsheet columns.

A school's own data sits in the same flat object (``codigo_institucion``, ``niveles``…);
for a private client those keys are empty (``""``, ``[]``, ``null``). Fields left out of
a PUT keep their value (``tipo`` included), so a PUT never turns a school into a private
client by omission.
"""

from django.utils.translation import gettext_lazy as _

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Client, SchoolLevel
from ..vocabulary import CLIENT


class ClientSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Client
        vocabulary = CLIENT
        fields = CLIENT.keys()
        extra_kwargs = {
            "tipo_documento": {
                "required": False,
                "allow_blank": True,
                "help_text": _("Vacío: se deduce del número (10 dígitos, cédula; 13, RUC)."),
            },
            "documento": {"max_length": 30, "help_text": _("Se guarda sin espacios, guiones ni puntos.")},
            "telefono": {"max_length": 30, "validators": []},  # the service compacts it, then checks it
            "niveles": {"max_length": len(SchoolLevel.choices)},
            "numero_estudiantes": {"max_value": 1_000_000},
            "notas": {"trim_whitespace": False},
        }
