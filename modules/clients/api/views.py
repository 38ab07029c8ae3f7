from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from ..filters import ClientFilter
from ..selectors import client_list, school_list
from ..services import client_create, client_delete, client_update
from .serializers import ClientSerializer

SCHOOL_EXAMPLE = {
    "tipo": "colegio",
    "tipo_documento": "ruc",
    "documento": "1790000028001",
    "nombre": "Unidad Educativa San Andrés",
    "email": "secretaria@sanandres.edu.ec",
    "telefono": "02 245 6789",
    "ciudad": "Quito",
    "codigo_institucion": "17H00123",
    "contacto_nombre": "Rosa Almeida",
    "contacto_cargo": "Rectora",
    "niveles": ["basica_media", "basica_superior", "bachillerato"],
    "numero_estudiantes": 850,
    "mes_inicio_anio_lectivo": 9,
}


CLIENT_RULES = _(
    "El documento se valida (dígito verificador de cédula o RUC, o un pasaporte) y no puede repetirse en el "
    "negocio: 409 `client_duplicate_document` con `cliente_existente`. Los datos de colegio (`codigo_institucion`, "
    "`niveles`, `numero_estudiantes`…) se guardan solo para un colegio: en un particular quedan vacíos."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar clientes"),
        description=_(
            "Particulares y colegios del negocio. `search` busca sin distinguir tildes ni mayúsculas en nombre, "
            "documento, correo, teléfono y contacto."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un cliente"),
        description=_("Un particular o un colegio; para un particular, los datos de colegio vienen vacíos."),
    ),
    create=extend_schema(
        summary=_("Registrar un cliente"),
        description=CLIENT_RULES,
        examples=[OpenApiExample(_("Colegio"), value=SCHOOL_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary=_("Actualizar un cliente"),
        description=format_lazy(
            "{} {}",
            _("Los campos obligatorios deben enviarse; los que se omiten conservan su valor (también `tipo`)."),
            CLIENT_RULES,
        ),
    ),
    partial_update=extend_schema(
        summary=_("Actualizar parte de un cliente"),
        description=format_lazy("{} {}", _("Solo cambia lo que se envía."), CLIENT_RULES),
    ),
    destroy=extend_schema(
        summary=_("Eliminar un cliente"),
        description=_("409 `client_in_use` con `motivos` si otros registros (pedidos, contratos…) dependen de él."),
    ),
)
@extend_schema(tags=["clients"])
class ClientViewSet(viewsets.ModelViewSet):
    """Private clients (particulares) and schools (colegios)."""

    serializer_class = ClientSerializer
    filterset_class = ClientFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return client_list()

    def perform_create(self, serializer):
        serializer.instance = client_create(data=serializer.validated_data, acting_user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = client_update(
            client=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        client_delete(client=instance, acting_user=self.request.user)

    @extend_schema(
        summary=_("Listar colegios"),
        description=_("Solo colegios, con los mismos filtros, búsqueda, orden y paginación que la lista de clientes."),
        responses=ClientSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="schools")
    def schools(self, request):
        """Only schools; the same filters, search, ordering and pagination as the list."""
        queryset = self.filter_queryset(school_list())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
