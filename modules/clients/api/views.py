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


@extend_schema_view(
    list=extend_schema(
        summary="Listar clientes",
        description="Particulares y colegios del negocio. `search` busca sin distinguir tildes ni mayúsculas "
        "en nombre, documento, correo, teléfono y contacto.",
    ),
    retrieve=extend_schema(summary="Detalle de un cliente"),
    create=extend_schema(
        summary="Registrar un cliente",
        description="El documento se valida (dígito verificador de cédula o RUC) y debe ser nuevo: "
        "si ya existe, 409 con `cliente_existente`.",
        examples=[OpenApiExample("Colegio", value=SCHOOL_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(summary="Actualizar un cliente"),
    partial_update=extend_schema(summary="Actualizar parte de un cliente"),
    destroy=extend_schema(
        summary="Eliminar un cliente",
        description="409 con `motivos` si otros registros (pedidos, contratos…) dependen de él.",
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
        summary="Listar colegios",
        description="Solo colegios, con los mismos filtros, búsqueda, orden y paginación que la lista.",
        responses=ClientSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="schools")
    def schools(self, request):
        """Only schools; the same filters, search, ordering and pagination as the list."""
        queryset = self.filter_queryset(school_list())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
