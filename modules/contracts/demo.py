"""Demo contracts for ``seed_demo``: five schools' contracts, each with its price list and roster.

Runs after the clients' demo data (it needs their schools). Idempotent: a school that already has
the demo contract's title is skipped, so a second run adds nothing. Dates are relative to today, so
the dashboard always shows contracts in force, one about to expire, one expired and a draft.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fotostudio.core.bulk import ImportRow
from modules.clients.models import Client, ClientType
from modules.orders.models import Order, OrderStatus
from modules.orders.services import order_transition, payment_register

from .models import Contract, ContractStatus
from .services import contract_create, contract_orders_create, roster_import

FIRST_NAMES = [
    "María",
    "José",
    "Ana",
    "Luis",
    "Camila",
    "Mateo",
    "Valentina",
    "Santiago",
    "Sofía",
    "Diego",
    "Isabella",
    "Sebastián",
    "Emilia",
    "Nicolás",
    "Martina",
    "Joaquín",
    "Renata",
    "Tomás",
]
LAST_NAMES = [
    "Pérez",
    "Andrade",
    "Cevallos",
    "Zambrano",
    "Guerrero",
    "Villacís",
    "Moreno",
    "Salazar",
    "Chávez",
    "Espinoza",
    "Ortiz",
    "Cárdenas",
    "Jaramillo",
    "Vásquez",
    "Paredes",
    "Loor",
    "Mendoza",
    "Quishpe",
]
GRADES = ["7.º EGB", "10.º EGB", "3.º BGU"]
PACKAGES = [
    {"name": "Básico", "contents": "2 fotos 13×18 individuales", "unit_price": Decimal("12.00")},
    {"name": "Familiar", "contents": "4 fotos 13×18, foto de grupo 20×25", "unit_price": Decimal("22.00")},
    {
        "name": "Graduación",
        "contents": "Foto de grado 20×25 enmarcada, recordatorio y 4 fotos",
        "unit_price": Decimal("38.00"),
    },
]
#: (title, start offset in days from today, length in days, status, commission %, students in the roster)
CONTRACTS = [
    ("Fotografía escolar y graduación", -90, 300, ContractStatus.ACTIVE, Decimal("10.00"), 36),
    ("Fotos de carnet y anuario", -200, 215, ContractStatus.ACTIVE, Decimal("8.00"), 24),
    ("Sesión de fin de año", -330, 300, ContractStatus.ACTIVE, Decimal("12.50"), 18),
    ("Graduación de bachilleres", -20, 200, ContractStatus.DRAFT, Decimal("10.00"), 12),
    ("Fotografía escolar", -400, 200, ContractStatus.CANCELLED, Decimal("5.00"), 0),
]


def _student_name(number: int) -> str:
    """«Apellido Apellido Nombre», a different one for each ``number``."""
    number, first = divmod(number, len(FIRST_NAMES))
    second_last, last = divmod(number, len(LAST_NAMES))
    return f"{LAST_NAMES[last]} {LAST_NAMES[second_last % len(LAST_NAMES)]} {FIRST_NAMES[first]}"


@transaction.atomic
def seed_demo_contracts(*, tenant, password: str = "") -> int:
    """Add the demo contracts that are missing; returns how many were created."""
    from fotostudio.users.models import User

    rng = random.Random(2027)
    author = User.objects.filter(username="admin").first()
    schools = list(Client.objects.filter(client_type=ClientType.SCHOOL).order_by("name", "id")[: len(CONTRACTS)])
    today = timezone.localdate()
    created = 0
    for school, (title, start, length, status, commission, students) in zip(schools, CONTRACTS, strict=False):
        # Every random draw happens before the "already there?" check, so each run sees the same data.
        names = rng.sample(range(len(LAST_NAMES) ** 2 * len(FIRST_NAMES)), students)  # no name twice
        roster = [
            ImportRow(
                line=line,
                data={
                    "student_name": _student_name(names[line - 2]),
                    "grade": rng.choice(GRADES),
                    "section": rng.choice("AB"),
                    "guardian_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "phone": f"09{rng.randint(60000000, 99999999)}",
                    "email": f"representante{line}@example.com",
                },
            )
            for line in range(2, students + 2)
        ]
        if Contract.objects.filter(school=school, title=title).exists():
            continue
        start_date = today + timedelta(days=start)
        contract = contract_create(
            data={
                "school": school,
                "title": title,
                "academic_year": f"{start_date.year}-{start_date.year + 1}",
                "start_date": start_date,
                "end_date": start_date + timedelta(days=length),
                "status": status,
                "terms": "Sesión individual y de grupo por paralelo. Entrega en 30 días. Anticipo no reembolsable.",
                "commission_rate": commission,
                "expected_students": max(students, 10) * 3,
                "deposit": Decimal("150.00"),
            },
            packages=PACKAGES,
            acting_user=author,
        )
        if roster and status != ContractStatus.CANCELLED:
            roster_import(contract=contract, rows=roster, acting_user=author)
        created += 1
    _demo_orders(author)
    return created


def _demo_orders(author) -> None:
    """The first contract's roster ordered the basic package; a third of them delivered and paid (the
    school's commission shows on the contract). Only once: skipped when the contract has orders."""
    contract = Contract.objects.filter(title=CONTRACTS[0][0], status=ContractStatus.ACTIVE).first()
    if contract is None or contract.contract_orders.exists() or not contract.roster.exists():
        return
    package = contract.packages.get(name=PACKAGES[0]["name"])
    links = contract_orders_create(contract=contract, package_id=package.pk, acting_user=author)
    for link in links[: len(links) // 3]:
        order = link.order
        for status in (OrderStatus.IN_PROGRESS, OrderStatus.READY):
            order = order_transition(order=order, status=status, acting_user=author)
        payment_register(order=order, data={"amount": order.balance, "method": "efectivo"}, acting_user=author)
        order_transition(order=Order.objects.get(pk=order.pk), status=OrderStatus.DELIVERED, acting_user=author)
