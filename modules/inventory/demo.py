"""Demo inventory for ``seed_demo``: materials of every category with six months of history.

Each material gets an opening stock, monthly purchases, weekly consumption and some waste,
written through ``stock_move`` (so the ledger and the average cost are real) and dated in the
past. A few end at or below their minimum, one runs out: the reorder page and the dashboard
have something to show. Idempotent: a SKU already present is skipped.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import Material, MaterialCategory, MovementKind
from .services import material_create, stock_move

# fmt: off
# sku, name, category, unit, unit cost, minimum, reorder, supplier, location, attributes, weekly use, final state
MATERIALS = [
    ("VAR-NOG-30", "Varilla nogal lisa 3 cm", MaterialCategory.MOULDING, "metro", "4.20", "30", "90",
     "Molduras Andinas", "Bodega A1", {"profile": "plano", "width_cm": Decimal("3"), "colour": "nogal",
                                       "finish": "mate", "bar_length_m": Decimal("2.90")}, 9, "ok"),
    ("VAR-DOR-45", "Varilla dorada clásica 4,5 cm", MaterialCategory.MOULDING, "metro", "6.80", "20", "60",
     "Molduras Andinas", "Bodega A2", {"profile": "clásico", "width_cm": Decimal("4.5"), "colour": "dorado",
                                       "finish": "brillante", "bar_length_m": Decimal("2.90")}, 7, "low"),
    ("VAR-NEG-20", "Varilla negra moderna 2 cm", MaterialCategory.MOULDING, "metro", "3.10", "25", "75",
     "Marcos del Pacífico", "Bodega A1", {"profile": "cajón", "width_cm": Decimal("2"), "colour": "negro",
                                          "finish": "satinado", "bar_length_m": Decimal("3")}, 11, "ok"),
    ("VAR-BLA-35", "Varilla blanca rústica 3,5 cm", MaterialCategory.MOULDING, "metro", "4.90", "15", "45",
     "Marcos del Pacífico", "Bodega A3", {"profile": "rústico", "width_cm": Decimal("3.5"), "colour": "blanco",
                                          "finish": "envejecido", "bar_length_m": Decimal("2.90")}, 6, "out"),
    ("PIN-ACR-BLA", "Acrílico blanco titanio", MaterialCategory.PAINTS, "mililitro", "0.0180", "500", "2000",
     "Pinturas del Sur", "Estante P1", {"colour": "blanco titanio", "base": "acrílica", "volume_ml": Decimal("250")},
     300, "ok"),
    ("PIN-LAC-NOG", "Laca tinte nogal", MaterialCategory.PAINTS, "litro", "9.50", "2", "6", "Pinturas del Sur",
     "Estante P2", {"colour": "nogal", "base": "laca", "volume_ml": Decimal("1000")}, 1, "low"),
    ("IMP-FOT-A4", "Papel fotográfico brillante A4", MaterialCategory.PRINTING, "hoja", "0.3500", "200", "500",
     "Distribuidora Foto Ecuador", "Taller", {"material_type": "fotográfico", "size": "A4", "finish": "brillante"},
     120, "ok"),
    ("IMP-LUS-13", "Papel lustre 13x18", MaterialCategory.PRINTING, "hoja", "0.1800", "300", "1000",
     "Distribuidora Foto Ecuador", "Taller", {"material_type": "lustre", "size": "13x18", "finish": "lustre"},
     220, "low"),
    ("IMP-CAN-ROL", "Lienzo canvas para impresión", MaterialCategory.PRINTING, "rollo", "85.00", "1", "3",
     "Gráficas Quito", "Bodega B", {"material_type": "canvas", "size": "61 cm x 18 m", "finish": "mate"}, 0.3, "ok"),
    ("REC-TAR-1015", "Tarjeta recordatorio escolar", MaterialCategory.SOUVENIR, "unidad", "0.4000", "300", "1000",
     "Gráficas Quito", "Bodega B", {"material_type": "tarjeta", "size": "10x15"}, 180, "ok"),
    ("REC-IMA-REC", "Imán recordatorio", MaterialCategory.SOUVENIR, "unidad", "0.6500", "150", "500",
     "Gráficas Quito", "Bodega B", {"material_type": "imán", "size": "6x9"}, 60, "low"),
    ("SOF-EDI-LIC", "Licencia de editor de fotos", MaterialCategory.SOFTWARE, "licencia", "120.00", "0", "0",
     "Tienda Software", "Oficina", {"serial_number": "EDT-2026-0042", "expires_on": "+300"}, 0, "ok"),
    ("SOF-IMP-EPS", "Impresora fotográfica (garantía)", MaterialCategory.SOFTWARE, "unidad", "1450.00", "0", "0",
     "Distribuidora Foto Ecuador", "Taller", {"serial_number": "X7P-88213", "expires_on": "+200"}, 0, "ok"),
    ("PTA-LIE-4050", "Lienzo de pintura 40x50", MaterialCategory.PAINTING, "unidad", "6.80", "5", "20",
     "Arte y Color", "Estante L1", {"material_type": "lienzo", "colour": "crudo"}, 2, "ok"),
    ("PTA-PIN-SET", "Juego de pinceles", MaterialCategory.PAINTING, "caja", "12.40", "2", "6", "Arte y Color",
     "Estante L1", {"material_type": "pinceles", "colour": ""}, 0.4, "ok"),
    ("DIS-OPA-A3", "Cartulina opalina A3", MaterialCategory.DESIGN, "hoja", "0.2500", "100", "300",
     "Papelería Central", "Estante D1", {"material_type": "cartulina", "size": "A3"}, 40, "ok"),
    ("DIS-PAS-BLA", "Paspartú blanco 50x70", MaterialCategory.DESIGN, "hoja", "2.30", "10", "40",
     "Papelería Central", "Estante D2", {"material_type": "paspartú", "size": "50x70"}, 5, "low"),
]
# fmt: on
WASTE_REASONS = ["Error de corte", "Defecto del material", "Rotura en el montaje", "Humedad en bodega"]
WEEKS = 26


def seed_demo_inventory(*, tenant, password: str = "") -> int:
    """Add the demo materials that are missing, each with its history; returns how many were created."""
    from fotostudio.users.models import User

    rng = random.Random(2611)
    author = User.objects.filter(username="admin").first()
    existing = set(Material.objects.values_list("sku", flat=True))
    now = timezone.now()
    start = now - timedelta(weeks=WEEKS)
    created = 0
    for sku, name, category, unit, cost, minimum, reorder, supplier, location, attributes, weekly, final in MATERIALS:
        if sku in existing:
            continue
        values = dict(attributes)
        if "expires_on" in values:
            values["expires_on"] = (now + timedelta(days=int(values["expires_on"]))).date()
        with transaction.atomic():
            material = material_create(
                category=category,
                data={
                    "sku": sku,
                    "name": name,
                    "unit": unit,
                    "unit_cost": Decimal(cost),
                    "minimum_stock": Decimal(minimum),
                    "reorder_quantity": Decimal(reorder),
                    "supplier": supplier,
                    "location": location,
                    **values,
                },
                acting_user=author,
            )
            _history(material, rng, Decimal(cost), Decimal(minimum), Decimal(reorder), weekly, final, start, author)
        created += 1
    return created


def _history(material, rng, cost, minimum, reorder, weekly, final, start, author) -> None:
    unit_cost = cost
    if weekly == 0:  # software and equipment: bought once
        stock_move(material=material, kind=MovementKind.OPENING, quantity=1 if minimum == 0 else minimum,
                   unit_cost=cost, reference="Inventario inicial", acting_user=author, at=start)  # fmt: skip
        return
    weekly = Decimal(str(weekly))
    opening = max(minimum * 2, weekly * 6).quantize(Decimal("0.001"))
    stock_move(material=material, kind=MovementKind.OPENING, quantity=opening, unit_cost=cost,
               reference="Inventario inicial", acting_user=author, at=start)  # fmt: skip
    for week in range(1, WEEKS):
        day = start + timedelta(weeks=week, hours=rng.randint(9, 17))
        used = (weekly * Decimal(str(rng.uniform(0.6, 1.4)))).quantize(Decimal("0.001"))
        last_weeks = week > WEEKS - 3
        if material.quantity_on_hand - used <= minimum and not last_weeks:
            unit_cost = (unit_cost * Decimal(str(rng.uniform(0.97, 1.06)))).quantize(Decimal("0.0001"))
            stock_move(material=material, kind=MovementKind.PURCHASE, quantity=max(reorder, used * 4),
                       unit_cost=unit_cost, reference=f"Factura {rng.randint(1000, 9999)}", acting_user=author,
                       at=day - timedelta(days=1))  # fmt: skip
        if 0 < used <= material.quantity_on_hand:
            stock_move(material=material, kind=MovementKind.CONSUMPTION, quantity=used,
                       reference=f"OP-{day:%Y}-{rng.randint(1, 400):05d}", acting_user=author, at=day)  # fmt: skip
        if rng.random() < 0.25:
            waste = (used * Decimal("0.08")).quantize(Decimal("0.001"))
            if 0 < waste <= material.quantity_on_hand:
                stock_move(material=material, kind=MovementKind.WASTE, quantity=waste,
                           note=rng.choice(WASTE_REASONS), acting_user=author, at=day + timedelta(hours=1))  # fmt: skip
    # How the demo's last week leaves it: enough, at its minimum, or out of stock.
    target = {"ok": max(minimum * 2, weekly * 3), "low": minimum * Decimal("0.6"), "out": Decimal("0")}[final]
    target = target.quantize(Decimal("0.001"))
    difference = target - material.quantity_on_hand
    day = timezone.now() - timedelta(hours=2)
    if difference > 0:
        stock_move(material=material, kind=MovementKind.PURCHASE, quantity=difference, unit_cost=unit_cost,
                   reference=f"Factura {rng.randint(1000, 9999)}", acting_user=author, at=day)  # fmt: skip
    elif difference < 0:
        stock_move(material=material, kind=MovementKind.CONSUMPTION, quantity=-difference,
                   reference=f"OP-{day:%Y}-{rng.randint(1, 400):05d}", acting_user=author, at=day)  # fmt: skip
