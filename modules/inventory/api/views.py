from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from fotostudio.api.uploads import SizeLimitedMultiPartParser
from fotostudio.jobs.models import Job

from ..filters import LowStockFilter, MaterialFilter, MovementFilter
from ..importing import ImportRefused, materials_import_start, max_bytes
from ..models import MaterialCategory
from ..selectors import low_stock_materials, material_list, movement_list
from ..services import material_create, material_delete, material_update, movement_create
from .serializers import (
    SERIALIZERS,
    ImportJobSerializer,
    ImportResultSerializer,
    ImportUploadSerializer,
    LowStockSerializer,
    MovementSerializer,
)

MATERIAL_RULES = _(
    "El `sku` se guarda en mayúsculas sin espacios y no puede repetirse en el negocio (409 `material_duplicate` con "
    "`material_existente`). `existencias` y `costo_promedio` no se escriben: cambian con los movimientos. "
    "Los atributos de la categoría son los de este recurso; las varillas se llevan en `metro`."
)


def material_viewset(category: str, label) -> type[viewsets.ModelViewSet]:
    """The CRUD of one category: ``/api/v1/inventory/<category>/``."""

    @extend_schema_view(
        list=extend_schema(
            summary=format_lazy(_("Listar {}"), label),
            description=_(
                "Materiales de la categoría. `search` busca sin tildes en SKU, nombre, proveedor y ubicación; "
                "`nivel_stock` dice si está bien (`ok`), en su mínimo (`bajo`) o `agotado`."
            ),
        ),
        retrieve=extend_schema(
            summary=format_lazy(_("Detalle en {}"), label),
            description=_(
                "Un material de la categoría, con sus existencias, su costo promedio y su nivel de stock; el de "
                "otra categoría responde 404."
            ),
        ),
        create=extend_schema(summary=format_lazy(_("Registrar en {}"), label), description=MATERIAL_RULES),
        update=extend_schema(
            summary=format_lazy(_("Actualizar en {}"), label),
            description=format_lazy("{} {}", _("Los campos omitidos conservan su valor."), MATERIAL_RULES),
        ),
        partial_update=extend_schema(
            summary=format_lazy(_("Actualizar en parte en {}"), label),
            description=format_lazy("{} {}", _("Solo cambia lo que se envía."), MATERIAL_RULES),
        ),
        destroy=extend_schema(
            summary=format_lazy(_("Eliminar de {}"), label),
            description=_(
                "Solo un material sin movimientos; con movimientos responde 409 `material_in_use`: desactívelo "
                "(`es_activo: false`)."
            ),
        ),
    )
    @extend_schema(tags=["inventory"])
    class MaterialViewSet(viewsets.ModelViewSet):
        serializer_class = SERIALIZERS[category]
        filterset_class = MaterialFilter
        http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

        def get_queryset(self):
            return material_list(category=category)

        def perform_create(self, serializer):
            serializer.instance = material_create(
                category=category, data=serializer.validated_data, acting_user=self.request.user
            )

        def perform_update(self, serializer):
            serializer.instance = material_update(
                material=serializer.instance, data=serializer.validated_data, acting_user=self.request.user
            )

        def perform_destroy(self, instance):
            material_delete(material=instance, acting_user=self.request.user)

    MaterialViewSet.__name__ = MaterialViewSet.__qualname__ = f"Material{category.capitalize()}ViewSet"
    return MaterialViewSet


VIEWSETS = {category: material_viewset(category, label) for category, label in MaterialCategory.choices}


@extend_schema(
    tags=["inventory"],
    summary=_("Alertas de stock"),
    description=_(
        "Materiales activos en su stock mínimo o por debajo, con la sugerencia de reposición: `cantidad_sugerida` "
        "(la cantidad de reposición del material, o lo que falta para el mínimo), `costo_estimado`, `proveedor` y "
        "la última compra. Ordenados por proveedor."
    ),
)
class LowStockView(ListAPIView):
    serializer_class = LowStockSerializer
    filterset_class = LowStockFilter

    def get_queryset(self):
        return low_stock_materials()


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar movimientos de inventario"),
        description=_(
            "El libro de movimientos, del más reciente al más antiguo: compras, consumos, mermas, ajustes, "
            "devoluciones, retazos y existencias iniciales, con su cantidad (con signo), costo, saldo y referencia."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un movimiento"),
        description=_(
            "Un movimiento del libro, con su material, cantidad con signo, costo, saldo y quién lo registró."
        ),
    ),
    create=extend_schema(
        summary=_("Registrar un ajuste, una compra o una devolución"),
        description=_(
            "Un `ajuste` lleva cantidad con signo y `motivo` obligatorio; `compra` (con `costo_unitario`, mueve el "
            "costo promedio) y `devolucion` suman. Si el stock quedaría negativo: 409 `insufficient_stock` y no se "
            "escribe nada. Un movimiento no se cambia ni se elimina: se corrige con otro en sentido contrario."
        ),
        examples=[
            OpenApiExample(
                _("Ajuste por conteo"),
                value={
                    "material": "7d1c1b52-1f7e-4f39-9a57-3c1c4d1f0b8e",
                    "tipo": "ajuste",
                    "cantidad": "-2.5",
                    "motivo": "Conteo físico de fin de mes",
                },
                request_only=True,
            )
        ],  # fmt: skip
    ),
)
@extend_schema(tags=["inventory"])
class MovementViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = MovementSerializer
    filterset_class = MovementFilter

    def get_queryset(self):
        return movement_list()

    def perform_create(self, serializer):
        serializer.instance = movement_create(data=serializer.validated_data, acting_user=self.request.user)


@extend_schema(
    tags=["inventory"],
    summary=_("Importar materiales"),
    description=_(
        "Un CSV o XLSX de materiales (columnas `sku`, `nombre`, `categoria`, `unidad`, `costo_unitario`, "
        "`stock_minimo`, `cantidad_reposicion`, `proveedor`, `ubicacion`, `es_activo`, `existencias` y los "
        "atributos de cada categoría). Crea los SKU nuevos y actualiza los existentes (una celda vacía conserva el "
        "valor); `existencias` lleva el stock a esa cantidad con un movimiento. Todo o nada: un archivo con errores "
        "responde 400 `material_import_invalid` con `filas` (fila, columna, valor, motivo) y `total_errores`, y no "
        "cambia nada. Un archivo pequeño se importa en la respuesta (200); uno grande responde 202 con el `trabajo` "
        "a seguir en `GET /api/v1/jobs/{id}/`."
    ),
    request={"multipart/form-data": ImportUploadSerializer},
    responses={
        200: OpenApiResponse(ImportResultSerializer, description=_("Importado.")),
        202: OpenApiResponse(ImportJobSerializer, description=_("Archivo grande: se importa en segundo plano.")),
    },
)
class ImportView(APIView):
    required_permissions = ["inventory.add_material", "inventory.change_material", "inventory.add_stockmovement"]
    parser_classes = [SizeLimitedMultiPartParser]
    upload_field = "archivo"

    def upload_max_bytes(self) -> int:
        return max_bytes()

    def get_serializer_class(self):
        return ImportUploadSerializer

    def post(self, request):
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploaded = serializer.validated_data["archivo"]
        if uploaded.size > max_bytes():
            raise ImportRefused(
                _("El archivo pesa más que el máximo de %(max)s MB.") % {"max": max_bytes() // 1048576}, file_error=True
            )
        outcome = materials_import_start(uploaded=uploaded, acting_user=request.user)
        if isinstance(outcome, Job):
            body = {"trabajo": str(outcome.pk), "estado": outcome.status, "url": f"/api/v1/jobs/{outcome.pk}/"}
            return Response(body, status=status.HTTP_202_ACCEPTED)
        return Response(outcome.as_json(), status=status.HTTP_200_OK)
