from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from ..filters import ContractFilter
from ..selectors import contract_get, contract_list, contracts_expiring, expiring_days
from ..services import contract_create, contract_delete, contract_update
from .serializers import ContractSerializer, ExpiringContractSerializer

CONTRACT_EXAMPLE = {
    "colegio": "5b0c9e52-3f0a-4c55-9a8e-0d6f1f1f2a10",
    "titulo": "Fotografía escolar y graduación",
    "anio_lectivo": "2026-2027",
    "fecha_inicio": "2026-09-01",
    "fecha_fin": "2027-07-15",
    "estado": "VIGENTE",
    "terminos": "Sesión individual y de grupo por paralelo; entrega en 30 días.",
    "comision_porcentaje": "10.00",
    "estudiantes_previstos": 850,
    "anticipo": "300.00",
    "paquetes": [
        {"nombre": "Básico", "contenido": "2 fotos 13×18", "precio_unitario": "12.00"},
        {"nombre": "Completo", "contenido": "4 fotos 13×18, foto de grupo y recordatorio", "precio_unitario": "25.00"},
    ],
}

CONTRACT_RULES = _(
    "`colegio` debe ser un cliente de tipo colegio (400 `contract_school_invalid`). El número (`numero`) lo asigna "
    "el sistema con la numeración «Contratos». `fecha_fin` no puede ser anterior a `fecha_inicio`; "
    "`comision_porcentaje` va de 0 a 100. `estado` acepta BORRADOR, VIGENTE o CANCELADO: VENCIDO se calcula "
    "(400 `contract_status_computed`). `paquetes` reemplaza la lista de precios (por nombre, sin repetir; "
    "400 `contract_packages_invalid`)."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar contratos"),
        description=_(
            "Contratos con colegios, los más recientes primero, con su lista de precios y el número de estudiantes "
            "del listado. `estado` filtra por el estado actual; `search` busca en número, título y año lectivo."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un contrato"),
        description=_("Un contrato con su colegio, lista de precios y estado actual."),
    ),
    create=extend_schema(
        summary=_("Crear un contrato"),
        description=CONTRACT_RULES,
        examples=[OpenApiExample(_("Contrato de un año lectivo"), value=CONTRACT_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar un contrato"),
        description=format_lazy(
            "{} {}", _("Los campos obligatorios deben enviarse; `paquetes`, si se omite, no cambia."), CONTRACT_RULES
        ),
    ),
    partial_update=extend_schema(
        summary=_("Actualizar parte de un contrato"),
        description=format_lazy("{} {}", _("Solo cambia lo que se envía."), CONTRACT_RULES),
    ),
    destroy=extend_schema(
        summary=_("Eliminar un contrato"),
        description=_(
            "Elimina el contrato con su lista de precios y su listado. 409 `contract_in_use` con `motivos` si tiene "
            "pedidos o documentos: cancélelo en su lugar."
        ),
    ),
)
@extend_schema(tags=["contracts"])
class ContractViewSet(viewsets.ModelViewSet):
    """School contracts: price list nested, current status computed from the dates."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return contract_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        packages = data.pop("packages", None)
        contract = contract_create(data=data, packages=packages, acting_user=self.request.user)
        serializer.instance = contract_get(contract_id=contract.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        packages = data.pop("packages", None)
        contract = contract_update(
            contract=serializer.instance, data=data, packages=packages, acting_user=self.request.user
        )
        serializer.instance = contract_get(contract_id=contract.pk)

    def perform_destroy(self, instance):
        contract_delete(contract=instance, acting_user=self.request.user)

    @extend_schema(
        summary=_("Contratos por vencer"),
        description=_(
            "Contratos vigentes cuya fecha de fin está entre hoy y `days` días más (30 si se omite), el más próximo "
            "primero, con `dias_para_vencer`. `days` debe ser un entero de 1 a 365: otro valor es un 400. Admite los "
            "mismos filtros que la lista."
        ),
        parameters=[
            OpenApiParameter(
                "days", OpenApiTypes.INT, description=_("Días hacia adelante, de 1 a 365 (por defecto 30)."), default=30
            )
        ],
        responses=ExpiringContractSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="expiring")
    def expiring(self, request):
        days = expiring_days(request.query_params.get("days"))
        today = timezone.localdate()
        queryset = self.filter_queryset(contracts_expiring(days=days, today=today))
        if "ordering" not in request.query_params:
            queryset = queryset.order_by("end_date", "number", "id")
        page = self.paginate_queryset(queryset)
        serializer = ExpiringContractSerializer(
            page, many=True, context={**self.get_serializer_context(), "today": today}
        )
        return self.get_paginated_response(serializer.data)
