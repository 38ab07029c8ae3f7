"""Demo orders for ``seed_demo``: a believable year of a small studio (about 300 orders).

Every order goes through the services (numbers, amounts, payments and status steps are real); only the
dates of the status steps are moved back afterwards, so the dashboard has a history. Idempotent: an
order of the same client, day and service is not made twice (every random draw happens first, so each
run plans the same orders).
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fotostudio.configuration.selectors import money_round
from modules.clients.models import Client

from .models import Order, OrderStatus, Payment, PaymentMethod, Priority, ServiceType
from .services import order_create, order_transition, payment_register

ORDER_COUNT = 300
#: service code → (weight, [(description, unit price, framing spec or None)])
CATALOGUE = {
    "sesion_fotos": (
        22,
        [
            ("Sesión de fotos familiar (1 hora)", "60.00", None),
            ("Sesión de fotos de quince años", "120.00", None),
            ("Sesión de fotos de producto (10 fotos)", "85.00", None),
            ("Fotos de estudio tamaño carné (6 unidades)", "6.00", None),
        ],
    ),
    "impresion": (
        28,
        [
            ("Impresión 10×15 en papel brillante", "0.35", None),
            ("Impresión 20×30 en papel mate", "3.50", None),
            ("Ampliación 50×70 en papel fotográfico", "18.00", None),
            ("Impresión en lienzo 40×60", "45.00", None),
        ],
    ),
    "enmarcado": (
        20,
        [
            ("Enmarcado de diploma", "25.00", ("21", "29.7", "Aluminio negro 2 cm", "Vidrio claro", "")),
            ("Enmarcado de lámina", "48.00", ("40", "50", "Madera natural 3 cm", "Antirreflejo", "Blanco 5 cm")),
            ("Enmarcado de foto familiar", "36.00", ("30", "40", "Madera nogal 4 cm", "Vidrio claro", "Crema 4 cm")),
        ],
    ),
    "recordatorio": (
        12,
        [
            ("Recordatorio de primera comunión", "2.50", None),
            ("Recordatorio de graduación con foto", "3.20", None),
            ("Tarjeta de agradecimiento impresa", "1.10", None),
        ],
    ),
    "diseno": (
        10,
        [
            ("Diseño de invitación de boda", "40.00", None),
            ("Diseño de fotolibro (20 páginas)", "75.00", None),
            ("Retoque fotográfico avanzado", "12.00", None),
        ],
    ),
    "restauracion": (
        8,
        [
            ("Restauración de fotografía antigua", "30.00", None),
            ("Pintura al óleo sobre fotografía", "150.00", None),
            ("Coloreado digital de foto en blanco y negro", "22.00", None),
        ],
    ),
}
QUANTITIES = {"impresion": (10, 100), "recordatorio": (20, 150)}
NOTES = ["", "", "", "Retira un familiar.", "Avisar por WhatsApp cuando esté listo.", "", "Cliente frecuente."]


def _plan(rng: random.Random, clients: list[Client], services: dict[str, ServiceType], today) -> list[dict]:
    codes = [code for code in CATALOGUE if code in services]
    weights = [CATALOGUE[code][0] for code in codes]
    plans = []
    for _index in range(ORDER_COUNT):
        code = rng.choices(codes, weights)[0]
        age = int(rng.triangular(0, 365, 40))
        day = today - timedelta(days=age)
        items = rng.sample(CATALOGUE[code][1], k=min(len(CATALOGUE[code][1]), rng.choice((1, 1, 2, 3))))
        low, high = QUANTITIES.get(code, (1, 2))
        lines = []
        for description, price, frame in items:
            line = {
                "description": description,
                "quantity": Decimal(rng.randint(low, high)),
                "unit_price": Decimal(price),
                "discount_percent": Decimal(rng.choice((0, 0, 0, 0, 5, 10))),
            }
            if frame:
                width, height, moulding, glass, mat = frame
                line.update(
                    frame_width=Decimal(width), frame_height=Decimal(height), moulding=moulding, glass=glass, mat=mat
                )
            lines.append(line)
        roll = rng.random()
        if age > 30:
            status = OrderStatus.CANCELLED if roll < 0.04 else OrderStatus.DELIVERED
        elif age > 10:
            status = [OrderStatus.DELIVERED, OrderStatus.READY, OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED][
                0 if roll < 0.6 else 1 if roll < 0.8 else 2 if roll < 0.97 else 3
            ]
        else:
            status = [OrderStatus.PENDING, OrderStatus.IN_PROGRESS, OrderStatus.READY, OrderStatus.DELIVERED][
                0 if roll < 0.35 else 1 if roll < 0.7 else 2 if roll < 0.85 else 3
            ]
        plans.append(
            {
                "client": rng.choice(clients),
                "service": services[code],
                "day": day,
                "promised": day + timedelta(days=rng.choice((2, 3, 5, 7, 10, 15))),
                "priority": Priority.URGENT if rng.random() < 0.12 else Priority.NORMAL,
                "notes": rng.choice(NOTES),
                "lines": lines,
                "status": status,
                "deposit": rng.choice((Decimal("0"), Decimal("0.5"), Decimal("0.5"), Decimal("1"))),
                "method": rng.choice(PaymentMethod.values),
                "delivery_days": rng.randint(1, 18),
                "pays_rest": rng.random() < 0.85,
            }
        )
    return plans


STEPS = {
    OrderStatus.PENDING: (),
    OrderStatus.IN_PROGRESS: (OrderStatus.IN_PROGRESS,),
    OrderStatus.READY: (OrderStatus.IN_PROGRESS, OrderStatus.READY),
    OrderStatus.DELIVERED: (OrderStatus.IN_PROGRESS, OrderStatus.READY, OrderStatus.DELIVERED),
    OrderStatus.CANCELLED: (OrderStatus.CANCELLED,),
}


@transaction.atomic
def seed_demo_orders(*, tenant, password: str = "") -> int:
    """Add the demo orders that are missing; returns how many were created."""
    from fotostudio.users.models import User

    clients = list(Client.objects.order_by("document"))
    services = {service.code: service for service in ServiceType.objects.filter(is_active=True)}
    if not clients or not services:
        return 0
    rng = random.Random(2026)
    author = User.objects.filter(username="admin").first() or User.objects.filter(is_superuser=True).first()
    today = timezone.localdate()
    plans = _plan(rng, clients, services, today)
    existing = set(Order.objects.values_list("client_id", "order_date", "service_type_id"))
    zone = timezone.get_current_timezone()
    created = 0
    for plan in sorted(plans, key=lambda p: p["day"]):
        key = (plan["client"].pk, plan["day"], plan["service"].pk)
        if key in existing:
            continue
        existing.add(key)
        order = order_create(
            data={
                "client": plan["client"],
                "service_type": plan["service"],
                "order_date": plan["day"],
                "promised_date": plan["promised"],
                "priority": plan["priority"],
                "notes": plan["notes"],
            },
            lines=plan["lines"],
            acting_user=author,
        )
        created += 1
        deposit = money_round(order.total * plan["deposit"])
        if deposit > 0:
            payment_register(
                order=order,
                data={"amount": deposit, "method": plan["method"], "paid_on": plan["day"]},
                acting_user=author,
            )
        delivered_on = min(plan["day"] + timedelta(days=plan["delivery_days"]), today)
        status = plan["status"]
        if status == OrderStatus.DELIVERED and order.balance > 0 and (plan["pays_rest"] or author is None):
            payment_register(
                order=order,
                data={"amount": order.balance, "method": plan["method"], "paid_on": delivered_on},
                acting_user=author,
            )
        for step in STEPS[status]:
            override = step == OrderStatus.DELIVERED and order.balance > 0
            order_transition(
                order=order,
                status=step,
                override=override,
                reason="Cliente de confianza: paga en la próxima visita." if override else "",
                acting_user=author,
            )
        # Demo only: the steps happened on their days, not now.
        moment = datetime.combine(delivered_on, time(16, 30), tzinfo=zone)
        started = datetime.combine(plan["day"], time(10, 0), tzinfo=zone)
        if status == OrderStatus.DELIVERED:
            Order.objects.filter(pk=order.pk).update(delivered_at=moment, status_changed_at=moment, created_at=started)
        elif status == OrderStatus.CANCELLED:
            Order.objects.filter(pk=order.pk).update(cancelled_at=moment, status_changed_at=moment, created_at=started)
        else:
            Order.objects.filter(pk=order.pk).update(created_at=started)
        Payment.objects.filter(order=order).update(created_at=started)
    return created
