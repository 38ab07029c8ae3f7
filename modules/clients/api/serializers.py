"""Clients as the API shows them: Spanish keys, the same names as the spreadsheet columns.

A school's own data sits in the same flat object (``codigo_institucion``,
``niveles``…); for a private client those keys are empty (``""``, ``[]``, ``null``).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ClientType, Month, SchoolLevel
from ..validators import document_type_choices


class AuthorSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(read_only=True)
    nombre_completo = serializers.CharField(source="full_name", read_only=True)


class ClientSerializer(serializers.Serializer):
    """Every writable field is optional on PATCH; on POST ``documento`` and ``nombre`` are required.

    Fields left out of a PUT keep their value (``tipo`` included), so a PUT can
    never turn a school into a private client by omission.
    """

    id = serializers.UUIDField(read_only=True)
    tipo = serializers.ChoiceField(
        source="client_type", choices=ClientType.choices, required=False, help_text=_("particular o colegio.")
    )
    tipo_documento = serializers.ChoiceField(
        source="document_type",
        choices=[],
        required=False,
        allow_blank=True,
        help_text=_("Vacío: se deduce del número (10 dígitos, cédula; 13, RUC)."),
    )
    documento = serializers.CharField(
        source="document", max_length=30, help_text=_("Se guarda sin espacios, guiones ni puntos.")
    )
    nombre = serializers.CharField(source="name", max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    telefono = serializers.CharField(source="phone", required=False, allow_blank=True, max_length=30)
    direccion = serializers.CharField(source="address", required=False, allow_blank=True, max_length=255)
    ciudad = serializers.CharField(source="city", required=False, allow_blank=True, max_length=100)
    notas = serializers.CharField(source="notes", required=False, allow_blank=True, trim_whitespace=False)
    es_activo = serializers.BooleanField(source="is_active", required=False)
    codigo_institucion = serializers.CharField(
        source="institution_code", required=False, allow_blank=True, max_length=20, help_text=_("Código AMIE.")
    )
    contacto_nombre = serializers.CharField(source="contact_name", required=False, allow_blank=True, max_length=150)
    contacto_cargo = serializers.CharField(source="contact_role", required=False, allow_blank=True, max_length=100)
    niveles = serializers.ListField(
        source="levels",
        child=serializers.ChoiceField(choices=SchoolLevel.choices),
        required=False,
        allow_empty=True,
        max_length=len(SchoolLevel.choices),
    )
    numero_estudiantes = serializers.IntegerField(
        source="student_count", required=False, allow_null=True, min_value=0, max_value=1_000_000
    )
    mes_inicio_anio_lectivo = serializers.ChoiceField(
        source="school_year_start_month",
        choices=Month.choices,
        required=False,
        allow_null=True,
        help_text=_("Mes (1 a 12) en que empieza el año lectivo."),
    )
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    creado_en = serializers.DateTimeField(source="created_at", read_only=True)
    actualizado_en = serializers.DateTimeField(source="updated_at", read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the registry now, so document types registered at start-up are offered.
        self.fields["tipo_documento"].choices = document_type_choices()
