"""Production orders as the API shows them: Spanish keys from the vocabularies; planned materials nested.

``numero``, the real dates, the registered lines (``registro``), the efficiency figures (``eficiencia``) and
the count of finished products (``productos``) are the service's and read-only. ``estado`` changes by the
allowed steps only; «COMPLETADA» is reached by registering production (``POST /api/production/register/``).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from fotostudio.users.models import User
from modules.inventory.models import Material
from modules.orders.models import Order
from modules.products.models import ProductKind, ProductLocation
from modules.products.services import CREATION_STATUSES

from ..models import PlannedMaterial, ProductionEntry, ProductionOrder, WasteReason
from ..selectors import order_efficiency
from ..services import MAX_LINES, MAX_PRODUCTS, moulding_need
from ..vocabulary import PLANNED_MATERIAL, PRODUCTION_ENTRY, PRODUCTION_ORDER

QUANTITY = {"max_digits": 12, "decimal_places": 3}


class MaterialRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    sku = serializers.CharField(read_only=True)
    nombre = serializers.CharField(source="name", read_only=True)
    unidad = serializers.CharField(source="unit", read_only=True)


class PlannedMaterialSerializer(VocabularySerializer):
    material = serializers.PrimaryKeyRelatedField(
        queryset=Material.objects.all(), help_text=_("Id del material del inventario.")
    )
    material_detalle = MaterialRefSerializer(source="material", read_only=True)

    class Meta:
        model = PlannedMaterial
        vocabulary = PLANNED_MATERIAL
        fields = [*PLANNED_MATERIAL.keys(), "material_detalle"]
        read_only_fields = ["id", "posicion"]
        extra_kwargs = {
            "cantidad": {"min_value": 0, "help_text": _("En la unidad del material (metros para una moldura).")},
            "nota": {"required": False},
        }


class ProductionEntrySerializer(VocabularySerializer):
    material = MaterialRefSerializer(read_only=True)

    class Meta:
        model = ProductionEntry
        vocabulary = PRODUCTION_ENTRY
        fields = PRODUCTION_ENTRY.keys()
        read_only_fields = PRODUCTION_ENTRY.keys()


class EfficiencyMaterialSerializer(serializers.Serializer):
    material = MaterialRefSerializer(read_only=True)
    usado = serializers.DecimalField(source="used", read_only=True, **QUANTITY)
    retazos_devueltos = serializers.DecimalField(source="returned", read_only=True, **QUANTITY)
    merma = serializers.DecimalField(source="waste", read_only=True, **QUANTITY)
    merma_porcentaje = serializers.DecimalField(
        source="waste_percent", read_only=True, max_digits=5, decimal_places=1, allow_null=True
    )
    costo = serializers.DecimalField(source="cost", read_only=True, max_digits=14, decimal_places=2)


class EfficiencySerializer(serializers.Serializer):
    materiales = EfficiencyMaterialSerializer(source="materials", many=True, read_only=True)
    costo_materiales = serializers.DecimalField(source="material_cost", read_only=True, max_digits=14, decimal_places=2)
    costo_merma = serializers.DecimalField(source="waste_cost", read_only=True, max_digits=14, decimal_places=2)
    merma_porcentaje = serializers.DecimalField(
        source="waste_percent", read_only=True, max_digits=5, decimal_places=1, allow_null=True
    )
    productos = serializers.IntegerField(source="products", read_only=True)
    costo_por_producto = serializers.DecimalField(
        source="cost_per_product", read_only=True, max_digits=14, decimal_places=2, allow_null=True
    )


class ProductionOrderSerializer(VocabularySerializer):
    pedido = serializers.PrimaryKeyRelatedField(
        source="customer_order",
        queryset=Order.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id del pedido del cliente; vacío o null: producción para stock."),
    )
    moldura = serializers.PrimaryKeyRelatedField(
        source="moulding",
        queryset=Material.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id de la varilla (categoría varillas)."),
    )
    vidrio = serializers.PrimaryKeyRelatedField(
        source="glass", queryset=Material.objects.all(), required=False, allow_null=True
    )
    paspartu = serializers.PrimaryKeyRelatedField(
        source="mat", queryset=Material.objects.all(), required=False, allow_null=True
    )
    fondo = serializers.PrimaryKeyRelatedField(
        source="backing", queryset=Material.objects.all(), required=False, allow_null=True
    )
    responsable = serializers.PrimaryKeyRelatedField(
        source="responsible",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=_("Id del usuario responsable."),
    )
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    materiales_planificados = PlannedMaterialSerializer(
        source="planned_rows",
        many=True,
        required=False,
        max_length=MAX_LINES,
        help_text=_(
            "Al crear, si se omiten y hay moldura y medidas, se proponen: la moldura necesaria (perímetro más el "
            "margen de los 4 ingletes) y un vidrio, paspartú y fondo por pieza. Al actualizar, si se envían, "
            "reemplazan a los actuales."
        ),
    )
    moldura_necesaria_m = serializers.SerializerMethodField(
        help_text=_("Metros de moldura para las piezas: perímetro más el margen por inglete (4 ingletes).")
    )
    registro = ProductionEntrySerializer(source="registered_entries", many=True, read_only=True)
    eficiencia = serializers.SerializerMethodField()
    productos = serializers.IntegerField(
        source="products_count", read_only=True, help_text=_("Productos terminados que dio la orden.")
    )

    class Meta:
        model = ProductionOrder
        vocabulary = PRODUCTION_ORDER
        fields = [
            *PRODUCTION_ORDER.keys(),
            "moldura_necesaria_m",
            "materiales_planificados",
            "registro",
            "eficiencia",
            "productos",
        ]
        read_only_fields = [
            "id",
            "numero",
            "inicio_real",
            "fin_real",
            "cancelada_en",
            "creado_en",
            "actualizado_en",
        ]
        extra_kwargs = {
            "estado": {"required": False},
            "piezas": {"min_value": 1, "max_value": 1000},
            "ancho_cm": {"min_value": 0},
            "alto_cm": {"min_value": 0},
            "notas": {"trim_whitespace": False},
        }

    def get_moldura_necesaria_m(self, order) -> str | None:
        if not (order.moulding_id and order.width_cm and order.height_cm):
            return None
        return str(moulding_need(width_cm=order.width_cm, height_cm=order.height_cm, pieces=order.quantity or 1))

    @extend_schema_field(EfficiencySerializer(allow_null=True))
    def get_eficiencia(self, order) -> dict | None:
        if order.is_open and not order.registered_entries:
            return None
        return EfficiencySerializer(order_efficiency(order)).data


class ConsumptionLineSerializer(serializers.Serializer):
    material = serializers.PrimaryKeyRelatedField(queryset=Material.objects.all(), help_text=_("Id del material."))
    cantidad = serializers.DecimalField(
        source="quantity",
        min_value=0,
        help_text=_("Lo que se sacó del stock para el trabajo, en la unidad del material."),
        **QUANTITY,
    )


class WasteLineSerializer(serializers.Serializer):
    material = serializers.PrimaryKeyRelatedField(queryset=Material.objects.all(), help_text=_("Id del material."))
    cantidad = serializers.DecimalField(source="quantity", min_value=0, **QUANTITY)
    motivo = serializers.ChoiceField(
        source="reason",
        choices=[choice for choice in WasteReason.choices if choice[0] != WasteReason.SHORT_OFFCUT],
        help_text=_("error_corte, defecto, rotura, error_medida u otro."),
    )
    nota = serializers.CharField(source="note", required=False, allow_blank=True, max_length=200)


class OffcutSerializer(serializers.Serializer):
    material = serializers.PrimaryKeyRelatedField(
        queryset=Material.objects.all(), help_text=_("Id de la varilla de la que sobró.")
    )
    largo_m = serializers.DecimalField(
        source="length", min_value=0, help_text=_("Largo del retazo en metros."), **QUANTITY
    )


class FinishedProductSerializer(serializers.Serializer):
    descripcion = serializers.CharField(
        source="description", required=False, max_length=300, help_text=_("Si se omite, la de la orden.")
    )
    tipo = serializers.ChoiceField(source="kind", choices=ProductKind.choices, required=False)
    ancho_cm = serializers.DecimalField(
        source="width_cm", max_digits=7, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    alto_cm = serializers.DecimalField(
        source="height_cm", max_digits=7, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    precio_venta = serializers.DecimalField(
        source="sale_price", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    estado = serializers.ChoiceField(
        source="status",
        choices=[choice for choice in CREATION_STATUSES],
        required=False,
        help_text=_("Si se omite: RESERVADO si la orden es de un pedido, DISPONIBLE si es para stock."),
    )
    ubicacion = serializers.ChoiceField(
        source="location",
        choices=[value for value in ProductLocation.values if value != ProductLocation.DELIVERED],
        required=False,
    )
    notas = serializers.CharField(source="notes", required=False, allow_blank=True, max_length=2000)
    cantidad = serializers.IntegerField(
        source="quantity", required=False, min_value=1, max_value=MAX_PRODUCTS, help_text=_("Piezas iguales.")
    )


class RegisterSerializer(serializers.Serializer):
    orden = serializers.UUIDField(help_text=_("Id de la orden de producción (planificada o en proceso)."))
    consumo = ConsumptionLineSerializer(source="consumption", many=True, required=False, max_length=MAX_LINES)
    mermas = WasteLineSerializer(source="waste", many=True, required=False, max_length=MAX_LINES)
    retazos = OffcutSerializer(source="offcuts", many=True, required=False, max_length=MAX_LINES)
    productos = FinishedProductSerializer(source="products", many=True, required=False, max_length=MAX_PRODUCTS)
    notas = serializers.CharField(source="notes", required=False, allow_blank=True, max_length=2000)
