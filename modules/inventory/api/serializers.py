"""Materials as the API shows them: the common keys and the attributes of the endpoint's category.

Each category has its own serializer (``MaterialVarillas``, ``MaterialPinturas``…): the same common keys
(``sku``, ``nombre``, ``unidad``, ``costo_unitario``…) and only that category's attributes. Stock
(``existencias``), ``costo_promedio`` and ``nivel_stock`` are read-only: stock changes through movements.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import CATEGORY_ATTRIBUTES, Material, MaterialCategory, MovementKind, StockLevel, StockMovement
from ..vocabulary import ATTRIBUTES, COMMON, MATERIAL, MOVEMENT, TRAILER

COMMON_EXTRA_KWARGS = {
    "sku": {"max_length": 40, "help_text": _("Se guarda en mayúsculas y sin espacios; único en el negocio.")},
    "costo_unitario": {"min_value": 0, "max_value": 1_000_000},
    "stock_minimo": {"min_value": 0, "max_value": 100_000_000},
    "cantidad_reposicion": {"min_value": 0, "max_value": 100_000_000},
}


class MaterialBaseSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    categoria = serializers.ChoiceField(choices=MaterialCategory.choices, source="category", read_only=True)
    nivel_stock = serializers.ChoiceField(
        choices=StockLevel.choices,
        source="stock_level",
        read_only=True,
        help_text=_("`ok`, `bajo` (en el mínimo o por debajo) o `agotado`."),
    )


def material_serializer(category: str) -> type[MaterialBaseSerializer]:
    """The serializer of one category's endpoint."""
    attributes = [ATTRIBUTES[name] for name in CATEGORY_ATTRIBUTES[category]]
    meta = type(
        "Meta",
        (),
        {
            "model": Material,
            "vocabulary": MATERIAL,
            "fields": [*COMMON.values(), *attributes, *TRAILER.values()],
            "read_only_fields": ["existencias", "costo_promedio"],
            "extra_kwargs": COMMON_EXTRA_KWARGS,
        },
    )
    name = f"Material{category.capitalize()}Serializer"
    return type(name, (MaterialBaseSerializer,), {"Meta": meta, "__module__": __name__})


SERIALIZERS = {category: material_serializer(category) for category in MaterialCategory.values}


class MaterialBriefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(read_only=True)
    sku = serializers.CharField(read_only=True)
    nombre = serializers.CharField(source="name", read_only=True)
    categoria = serializers.CharField(source="category", read_only=True)
    unidad = serializers.CharField(source="unit", read_only=True)

    class Meta:
        model = Material
        fields = ["id", "sku", "nombre", "categoria", "unidad"]


class MovementSerializer(VocabularySerializer):
    registrado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    material = serializers.PrimaryKeyRelatedField(queryset=Material.objects.all(), write_only=True)
    material_detalle = MaterialBriefSerializer(source="material", read_only=True)
    tipo = serializers.ChoiceField(
        choices=MovementKind.choices,
        source="kind",
        default=MovementKind.ADJUSTMENT,
        help_text=_("Se registran `ajuste` (con signo), `compra` y `devolucion`; los demás vienen de producción."),
    )
    costo_unitario = serializers.DecimalField(
        source="unit_cost", max_digits=12, decimal_places=4, required=False, allow_null=True, min_value=0
    )

    class Meta:
        model = StockMovement
        vocabulary = MOVEMENT
        fields = [*MOVEMENT.keys(), "material_detalle"]
        read_only_fields = ["saldo", "creado_en"]
        extra_kwargs = {
            "cantidad": {"help_text": _("Con signo en un ajuste: positiva suma, negativa resta.")},
            "motivo": {"help_text": _("Obligatorio en un ajuste.")},
        }


class LowStockSerializer(serializers.ModelSerializer):
    """One material to reorder and the figures behind the suggestion."""

    id = serializers.UUIDField(read_only=True)
    sku = serializers.CharField(read_only=True)
    nombre = serializers.CharField(source="name", read_only=True)
    categoria = serializers.ChoiceField(choices=MaterialCategory.choices, source="category", read_only=True)
    unidad = serializers.CharField(source="unit", read_only=True)
    existencias = serializers.DecimalField(source="quantity_on_hand", max_digits=12, decimal_places=3, read_only=True)
    stock_minimo = serializers.DecimalField(source="minimum_stock", max_digits=12, decimal_places=3, read_only=True)
    cantidad_reposicion = serializers.DecimalField(
        source="reorder_quantity", max_digits=12, decimal_places=3, read_only=True
    )
    faltante = serializers.DecimalField(
        source="shortfall", max_digits=12, decimal_places=3, read_only=True, help_text=_("Lo que falta para el mínimo.")
    )
    cantidad_sugerida = serializers.DecimalField(
        source="suggested_quantity",
        max_digits=12,
        decimal_places=3,
        read_only=True,
        help_text=_("La cantidad de reposición del material, o el faltante si no tiene."),
    )
    costo_unitario = serializers.DecimalField(source="unit_cost", max_digits=12, decimal_places=4, read_only=True)
    costo_estimado = serializers.DecimalField(source="estimated_cost", max_digits=20, decimal_places=2, read_only=True)
    proveedor = serializers.CharField(source="supplier", read_only=True)
    ultima_compra = serializers.DateTimeField(source="last_purchase_at", read_only=True, allow_null=True)
    nivel_stock = serializers.ChoiceField(choices=StockLevel.choices, source="stock_level", read_only=True)

    class Meta:
        model = Material
        fields = [
            "id", "sku", "nombre", "categoria", "unidad", "existencias", "stock_minimo", "cantidad_reposicion",
            "faltante", "cantidad_sugerida", "costo_unitario", "costo_estimado", "proveedor", "ultima_compra",
            "nivel_stock",
        ]  # fmt: skip


class ImportUploadSerializer(serializers.Serializer):
    archivo = serializers.FileField(help_text=_("CSV (UTF-8 o Windows-1252; coma, punto y coma o tabulador) o XLSX."))


class ImportResultSerializer(serializers.Serializer):
    filas = serializers.IntegerField()
    creados = serializers.IntegerField()
    actualizados = serializers.IntegerField()
    movimientos = serializers.IntegerField()


class ImportJobSerializer(serializers.Serializer):
    trabajo = serializers.UUIDField(help_text=_("Siga su avance en `GET /api/v1/jobs/{id}/`."))
    estado = serializers.CharField()
    url = serializers.CharField()
