"""Products as the API shows them: the vocabulary's keys.

The sale (``vendido_en``, ``vendido_a``, ``precio_vendido``, ``vendido_por``) is read-only here: it is
written by ``POST /api/products/sell/{id}/`` (:class:`ProductSaleSerializer`).

Where a product comes from is one linked record (``fotostudio.core.links``) under the key of its kind:
``produccion`` (the production order that made it) or ``pedido`` (the customer order it is for). They are
keys of the contract; while the business has no module that registers them, sending one is a 400 "not
available" naming it. Two at once is a 400 too. Left out, a PUT keeps the product's origin; ``null`` clears it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from fotostudio.api.links import LinkField
from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer
from fotostudio.core import links
from fotostudio.core.links import LinkRef
from modules.clients.models import Client

from ..models import Product
from ..services import ORIGIN_LINK_KEYS
from ..vocabulary import PRODUCT


def _origin_kinds():
    return [kind for kind in links.available_kinds() if kind.key in ORIGIN_LINK_KEYS]


class ProductSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)
    vendido_por = AuthorSerializer(source="sold_by", read_only=True, allow_null=True)
    vendido_a = serializers.UUIDField(
        source="sold_to_id", read_only=True, allow_null=True, help_text=gettext_lazy("Id del cliente que lo compró.")
    )
    dimensiones = serializers.CharField(
        source="dimensions", read_only=True, help_text=gettext_lazy("Ancho × alto, para leer («40 × 50 cm»).")
    )

    class Meta:
        model = Product
        vocabulary = PRODUCT
        fields = [*PRODUCT.keys(), "dimensiones"]
        read_only_fields = ["vendido_en", "precio_vendido"]
        extra_kwargs = {
            "codigo": {
                "required": False,
                "allow_blank": True,
                "help_text": gettext_lazy("Único. Vacío al crear: el siguiente número (PRD-2026-00001)."),
            },
            "costo": {"min_value": 0},
            "precio_venta": {"min_value": 0},
            "ancho_cm": {"min_value": 0},
            "alto_cm": {"min_value": 0},
            "notas": {"trim_whitespace": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        for kind in _origin_kinds():
            fields[kind.key] = LinkField(kind)
        return fields

    def to_internal_value(self, data):
        available = [kind.key for kind in _origin_kinds()]
        present = [key for key in ORIGIN_LINK_KEYS if hasattr(data, "get") and key in data]
        sent = [key for key in present if data.get(key) not in (None, "")]
        errors = {}
        for key in sent:
            if key not in available:
                errors[key] = [
                    _("«%(key)s» no está disponible en este negocio: no se puede vincular a ese tipo de registro.")
                    % {"key": key}
                ]
        if len(sent) > 1 and not errors:
            message = _("Envíe un solo registro: %(keys)s.") % {"keys": _(" o ").join(sent)}
            errors.update({key: [message] for key in sent})
        if errors:
            raise serializers.ValidationError(errors)
        validated = super().to_internal_value(data)
        link = validated.pop("link", None)
        if present:
            validated["origin"] = link if isinstance(link, LinkRef) else None
        return validated


class ProductSaleSerializer(serializers.Serializer):
    """What a sale needs: who buys (optional) and for how much (the product's sale price if left out)."""

    cliente = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Id del cliente que compra (opcional)."),
    )
    precio = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Precio de la venta; si se omite, el precio de venta del producto."),
    )
