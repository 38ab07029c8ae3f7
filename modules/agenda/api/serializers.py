"""Appointments as the API shows them: the vocabulary's keys, times in ISO 8601 with the business's offset.

``personal`` is the list of user ids assigned; ``cliente`` and ``recurso`` are ids (their names come along,
read-only). What the appointment is about is a link: ``pedido`` or ``contrato`` (one of them), once the
business has orders or contracts; until then those keys are a 400 «not available». A PUT or PATCH that
sends neither keeps the link; ``"pedido": null`` removes it.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.links import LinkedSerializerMixin
from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Appointment
from ..services import APPOINTMENT_LINK_KEYS
from ..vocabulary import APPOINTMENT


class StaffMemberSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(read_only=True)
    nombre_completo = serializers.CharField(source="full_name", read_only=True)


class AppointmentSerializer(LinkedSerializerMixin, VocabularySerializer):
    link_keys = APPOINTMENT_LINK_KEYS
    contract_link_keys = APPOINTMENT_LINK_KEYS

    personal = serializers.PrimaryKeyRelatedField(
        source="staff",
        many=True,
        required=False,
        queryset=get_user_model().objects.all(),
        label=_("Personal asignado"),
        help_text=_("Ids de los usuarios asignados."),
    )
    cliente_nombre = serializers.CharField(source="client.name", read_only=True, allow_null=True)
    recurso_nombre = serializers.CharField(source="resource.name", read_only=True, allow_null=True)
    personal_detalle = StaffMemberSerializer(source="staff", many=True, read_only=True)
    reservada_sobre_otra_por = AuthorSerializer(source="overbooked_by", read_only=True, allow_null=True)
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Appointment
        vocabulary = APPOINTMENT
        fields = [
            *APPOINTMENT.keys(),
            "cliente_nombre",
            "recurso_nombre",
            "personal_detalle",
        ]
        read_only_fields = ["reservada_sobre_otra_por"]
        extra_kwargs = {
            "inicio": {"help_text": _("Fecha y hora ISO 8601; sin zona se entiende la hora del negocio.")},
            "fin": {"help_text": _("Posterior al inicio.")},
            "reservada_sobre_otra": {
                "help_text": _(
                    "true: reservar aunque el personal o el recurso tengan otra cita a esa hora "
                    "(solo Gerente o Administrador; queda registrado)."
                )
            },
            "notas": {"trim_whitespace": False},
        }

    def to_internal_value(self, data):
        validated = super().to_internal_value(data)
        if self.instance is not None and not any(key in data for key in APPOINTMENT_LINK_KEYS):  # data: a dict here
            validated.pop("link", None)  # an update that does not mention the link keeps it
        return validated
