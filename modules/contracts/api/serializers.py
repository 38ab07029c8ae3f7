"""Contracts as the API shows them: the vocabulary's keys, the price list nested as ``paquetes``.

``estado`` reads the *current* status (``VENCIDO`` for a contract in force past its end date) and
accepts ``BORRADOR``, ``VIGENTE`` or ``CANCELADO``. ``paquetes`` on a write replaces the price list
(matched by name); left out of a PUT, it stays as it is.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from modules.clients.models import Client

from ..models import Contract, ContractPackage, ContractStatus
from ..selectors import commission_owed
from ..vocabulary import CONTRACT, PACKAGE


class PackageSerializer(VocabularySerializer):
    class Meta:
        model = ContractPackage
        vocabulary = PACKAGE
        fields = PACKAGE.keys()
        extra_kwargs = {"contenido": {"trim_whitespace": False}}


class ContractSerializer(VocabularySerializer):
    colegio = serializers.PrimaryKeyRelatedField(
        source="school",
        queryset=Client.objects.all(),
        help_text=_("El id de un cliente de tipo colegio."),
    )
    colegio_nombre = serializers.CharField(source="school.name", read_only=True)
    estado = serializers.ChoiceField(
        source="status",
        choices=ContractStatus.choices,
        required=False,
        help_text=_(
            "Se envía BORRADOR, VIGENTE o CANCELADO; VENCIDO lo calcula el sistema "
            "(vigente con la fecha de fin pasada)."
        ),
    )
    paquetes = PackageSerializer(source="packages", many=True, required=False)
    estudiantes_listado = serializers.IntegerField(source="roster_count", read_only=True, default=0)
    pedidos = serializers.IntegerField(source="orders_count", read_only=True, default=0)
    comision_adeudada = serializers.SerializerMethodField(
        help_text=_(
            "Comisión que se debe al colegio: su porcentaje sobre los pedidos del contrato entregados y pagados "
            "(importe antes de IVA)."
        )
    )
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Contract
        vocabulary = CONTRACT
        fields = [*CONTRACT.keys()[:3], "colegio_nombre", *CONTRACT.keys()[3:]]
        read_only_fields = ["numero"]
        extra_kwargs = {
            "terminos": {"trim_whitespace": False},
            "estudiantes_previstos": {"max_value": 100_000},
        }

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2))
    def get_comision_adeudada(self, contract) -> str:
        return str(commission_owed(contract))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["estado"] = getattr(instance, "current_status", instance.status)
        return data


class ExpiringContractSerializer(ContractSerializer):
    dias_para_vencer = serializers.SerializerMethodField(help_text=_("Días que faltan hasta la fecha de fin."))

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "dias_para_vencer"]

    def get_dias_para_vencer(self, contract) -> int:
        return (contract.end_date - self.context["today"]).days
