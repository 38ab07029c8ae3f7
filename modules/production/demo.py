"""Demo production for ``seed_demo``: orders in every status, two of them registered (consumption, waste with
its reason, an offcut back to stock and a short one counted as waste, finished products), one with waste above
the threshold (a «merma alta» alert). Written through the services, so the ledger, the products and their cost
are real. Idempotent: an order whose description exists is skipped; needs the demo materials (inventory)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fotostudio.core.errors import ApplicationError
from modules.inventory.models import Material
from modules.orders.models import Order

from .models import ProductionOrder, ProductionStatus
from .services import production_order_create, production_order_update, production_register

D = Decimal

# description, status, moulding, extra (field → SKU), width × height, pieces, for a customer order, registration
PLANS = [
    ("Cuadro 30×40 moldura negra para vitrina", ProductionStatus.PLANNED, "VAR-NEG-20", {"backing": "DIS-OPA-A3"},
     (D("30"), D("40")), 1, False, None),
    ("Cuadro 50×70 nogal con paspartú blanco", ProductionStatus.IN_PROGRESS, "VAR-NOG-30", {"mat": "DIS-PAS-BLA"},
     (D("50"), D("70")), 1, True, None),
    ("Dos cuadros 20×25 moldura negra", ProductionStatus.COMPLETED, "VAR-NEG-20", {"backing": "DIS-OPA-A3"},
     (D("20"), D("25")), 2, False, {
         "consumption": [("VAR-NEG-20", D("2.600")), ("DIS-OPA-A3", D("2"))],
         "waste": [("VAR-NEG-20", D("0.150"), "error_corte", "Inglete mal cortado")],
         "offcuts": [("VAR-NEG-20", D("0.500")), ("VAR-NEG-20", D("0.120"))],
         "products": [{"sale_price": D("28.00"), "location": "vitrina", "quantity": 2}],
     }),
    ("Cuadro 40×50 nogal para regalo", ProductionStatus.COMPLETED, "VAR-NOG-30", {},
     (D("40"), D("50")), 1, False, {
         "consumption": [("VAR-NOG-30", D("2.300"))],
         "waste": [("VAR-NOG-30", D("0.600"), "rotura", "Se partió al clavar")],
         "offcuts": [("VAR-NOG-30", D("0.450"))],
         "products": [{"sale_price": D("45.00"), "location": "taller", "quantity": 1}],
     }),
    ("Cuadro 60×90 que el cliente canceló", ProductionStatus.CANCELLED, "VAR-NOG-30", {},
     (D("60"), D("90")), 1, False, None),
]  # fmt: skip


def seed_demo_production(*, tenant, password: str = "") -> int:
    """Add the demo production orders that are missing; returns how many were created."""
    from fotostudio.users.models import User

    materials = {material.sku: material for material in Material.objects.all()}
    if not {"VAR-NEG-20", "VAR-NOG-30"} <= set(materials):
        return 0
    author = User.objects.filter(username="admin").first() or User.objects.filter(is_superuser=True).first()
    responsible = User.objects.filter(username="produccion").first() or author
    customer_order = Order.objects.filter(service_type__code="enmarcado").order_by("order_date").first()
    existing = set(ProductionOrder.objects.values_list("description", flat=True))
    today = timezone.localdate()
    created = 0
    for index, (description, status, moulding, extra, (width, height), pieces, for_order, registration) in enumerate(
        PLANS
    ):
        if description in existing:
            continue
        data = {
            "description": description,
            "kind": "cuadro",
            "quantity": pieces,
            "width_cm": width,
            "height_cm": height,
            "moulding": materials[moulding],
            "responsible": responsible,
            "planned_start": today + timedelta(days=index - 3),
            "planned_end": today + timedelta(days=index - 1),
            "customer_order": customer_order if for_order else None,
            **{field: materials[sku] for field, sku in extra.items() if sku in materials},
        }
        try:
            with transaction.atomic():
                order = production_order_create(data=data, acting_user=author)
                if status == ProductionStatus.IN_PROGRESS:
                    production_order_update(order=order, data={"status": status}, acting_user=author)
                elif status == ProductionStatus.CANCELLED:
                    production_order_update(order=order, data={"status": status}, acting_user=author)
                elif registration:
                    production_register(order=order, **_lines(registration, materials), acting_user=author)
        except ApplicationError:
            continue  # a demo business whose stock ran out: this order is left out
        created += 1
    return created


def _lines(registration, materials) -> dict:
    return {
        "consumption": [
            {"material": materials[sku], "quantity": quantity}
            for sku, quantity in registration["consumption"]
            if sku in materials
        ],
        "waste": [
            {"material": materials[sku], "quantity": quantity, "reason": reason, "note": note}
            for sku, quantity, reason, note in registration["waste"]
        ],
        "offcuts": [{"material": materials[sku], "length": length} for sku, length in registration["offcuts"]],
        "products": registration["products"],
    }
