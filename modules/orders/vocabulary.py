"""The names of order fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Order, OrderLine, Payment, ServiceType

ORDER = Vocabulary(
    Order,
    {
        "id": "id",
        "number": "numero",
        "client": "cliente",
        "service_type": "servicio",
        "order_date": "fecha",
        "promised_date": "fecha_prometida",
        "priority": "prioridad",
        "status": "estado",
        "notes": "notas",
        "subtotal": "subtotal",
        "discount_total": "descuento",
        "tax_total": "iva",
        "total": "total",
        "paid_total": "pagado",
        "balance": "saldo",
        "status_changed_at": "estado_cambiado_en",
        "delivered_at": "entregado_en",
        "cancelled_at": "cancelado_en",
        "status_reason": "motivo_estado",
        "delivered_with_balance": "entregado_con_saldo",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
    extra=(
        "lineas",
        "pagos",
        "vencido",
        "a_reembolsar",
        "cliente_nombre",
        "contrato",
        "contrato_numero",
        "contrato_colegio",
    ),
)

ORDER_LINE = Vocabulary(
    OrderLine,
    {
        "id": "id",
        "position": "posicion",
        "description": "descripcion",
        "quantity": "cantidad",
        "unit_price": "precio_unitario",
        "discount_percent": "descuento_porcentaje",
        "tax_rate": "tasa_iva",
        "product": "producto",
        "frame_width": "ancho_cm",
        "frame_height": "alto_cm",
        "moulding": "moldura",
        "glass": "vidrio",
        "mat": "paspartu",
        "subtotal": "subtotal",
        "discount_amount": "descuento",
        "tax_amount": "iva",
        "total": "total",
    },
)

PAYMENT = Vocabulary(
    Payment,
    {
        "id": "id",
        "amount": "monto",
        "method": "forma_pago",
        "paid_on": "fecha",
        "reference": "referencia",
        "created_by": "registrado_por",
        "created_at": "creado_en",
    },
)

SERVICE_TYPE = Vocabulary(
    ServiceType,
    {"id": "id", "code": "codigo", "name": "nombre", "position": "posicion", "is_active": "es_activo"},
)
