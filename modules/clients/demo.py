"""Demo clients for ``seed_demo``: three dozen private clients and seven schools, all with valid documents.

Documents are generated (deterministically) with correct check digits; they are
examples, not real people's. Idempotent: a document already present is skipped.
Registration dates are spread over the last year so the dashboard has a history.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fotostudio.core.documents import make_cedula, make_company_ruc

from .models import Client, ClientType, Month, SchoolLevel
from .services import client_create

FIRST_NAMES = [
    "María José",
    "Juan Carlos",
    "Ana Lucía",
    "Luis Fernando",
    "Gabriela",
    "Diego",
    "Valeria",
    "Andrés",
    "Carolina",
    "José Miguel",
    "Daniela",
    "Santiago",
    "Paola",
    "Sebastián",
    "Fernanda",
    "Jorge",
    "Camila",
    "Patricio",
    "Verónica",
    "Esteban",
    "Mónica",
    "Xavier",
    "Sofía",
    "Ricardo",
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
    "Benítez",
    "Loor",
    "Mendoza",
    "Ruiz",
    "Castillo",
    "Núñez",
    "Herrera",
    "Cedeño",
    "Quishpe",
]
#: city, province code (first two digits of documents), coast (school year starts in May) or not.
CITIES = [
    ("Quito", 17, False),
    ("Quito", 17, False),
    ("Quito", 17, False),
    ("Guayaquil", 9, True),
    ("Guayaquil", 9, True),
    ("Cuenca", 1, False),
    ("Ambato", 18, False),
    ("Loja", 11, False),
    ("Riobamba", 6, False),
    ("Ibarra", 10, False),
    ("Manta", 13, True),
    ("Latacunga", 5, False),
]
STREETS = [
    "Av. Amazonas",
    "Av. 6 de Diciembre",
    "Calle Bolívar",
    "Av. de las Américas",
    "Calle Sucre",
    "Av. 9 de Octubre",
    "Calle Larga",
    "Av. Cevallos",
    "Calle Olmedo",
    "Av. Solano",
]
NOTES = [
    "",
    "",
    "",
    "Prefiere retirar los pedidos los sábados.",
    "Cliente desde la sesión de fotos de boda.",
    "Pide factura a nombre de la empresa.",
    "",
    "Contactar por WhatsApp.",
    "",
]
SCHOOLS = [
    (
        "Unidad Educativa San Andrés",
        "Quito",
        17,
        False,
        "Rosa Almeida",
        "Rectora",
        850,
        [SchoolLevel.MIDDLE, SchoolLevel.UPPER, SchoolLevel.HIGH_SCHOOL],
    ),
    (
        "Colegio Nacional Mejía",
        "Quito",
        17,
        False,
        "Marco Tapia",
        "Inspector general",
        2400,
        [SchoolLevel.UPPER, SchoolLevel.HIGH_SCHOOL],
    ),
    (
        "Escuela Fiscal Manuela Cañizares",
        "Quito",
        17,
        False,
        "Lucía Pazmiño",
        "Directora",
        520,
        [SchoolLevel.INITIAL, SchoolLevel.PREPARATORY, SchoolLevel.ELEMENTARY, SchoolLevel.MIDDLE],
    ),
    (
        "Unidad Educativa Particular Guayaquil",
        "Guayaquil",
        9,
        True,
        "Carlos Mendoza",
        "Secretario",
        1300,
        list(SchoolLevel.values),
    ),
    (
        "Colegio Liceo Los Andes",
        "Ambato",
        18,
        False,
        "Patricia Núñez",
        "Vicerrectora",
        640,
        [SchoolLevel.ELEMENTARY, SchoolLevel.MIDDLE, SchoolLevel.UPPER, SchoolLevel.HIGH_SCHOOL],
    ),
    (
        "Unidad Educativa Benigno Malo",
        "Cuenca",
        1,
        False,
        "Fabián Ordóñez",
        "Rector",
        1800,
        [SchoolLevel.UPPER, SchoolLevel.HIGH_SCHOOL],
    ),
    (
        "Jardín Escuela Pequeños Genios",
        "Manta",
        13,
        True,
        "Karina Loor",
        "Directora",
        180,
        [SchoolLevel.INITIAL, SchoolLevel.PREPARATORY],
    ),
]
PRIVATE_COUNT = 36


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


@transaction.atomic
def seed_demo_clients(*, tenant, password: str = "") -> int:
    """Add the demo clients that are missing; returns how many were created."""
    from fotostudio.users.models import User

    rng = random.Random(2026)
    author = User.objects.filter(username="admin").first()
    existing = set(Client.objects.values_list("document", flat=True))
    now = timezone.now()
    created: list[tuple[Client, int]] = []

    # Every random draw happens before the "already there?" check, so each run sees the same data.
    wanted: list[tuple[dict, int]] = []
    for index in range(PRIVATE_COUNT):
        first, last, second_last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), rng.choice(LAST_NAMES)
        city, province, _coast = rng.choice(CITIES)
        fields = {
            "client_type": ClientType.PRIVATE,
            "document_type": "cedula",
            "document": make_cedula(province=province, serial=rng.randint(0, 5_999_999)),
            "name": f"{first} {last} {second_last}",
            "email": f"{_ascii(first.split()[0])}.{_ascii(last)}{index}@example.com",
            "phone": f"09{rng.randint(60000000, 99999999)}",
            "address": f"{rng.choice(STREETS)} N{rng.randint(10, 80)}-{rng.randint(10, 99)}",
            "city": city,
            "notes": rng.choice(NOTES),
            "is_active": index % 12 != 11,
        }
        days_ago = rng.randint(0, 360)
        wanted.append((fields, index if index < 3 else days_ago))  # a few from this week
    for name, city, province, coast, contact, role, students, levels in SCHOOLS:
        fields = {
            "client_type": ClientType.SCHOOL,
            "document_type": "ruc",
            "document": make_company_ruc(province=province, serial=rng.randint(0, 999_999)),
            "name": name,
            "email": f"secretaria@{_ascii(name.split()[-1])}.edu.ec",
            "phone": f"0{province % 7 + 2}{rng.randint(2000000, 2999999)}",
            "address": f"{rng.choice(STREETS)} y {rng.choice(STREETS).split(' ', 1)[1]}",
            "city": city,
            "institution_code": f"{province:02d}H{rng.randint(0, 99999):05d}",
            "contact_name": contact,
            "contact_role": role,
            "levels": levels,
            "student_count": students,
            "school_year_start_month": Month.MAY if coast else Month.SEPTEMBER,
            "notes": "Sesión de fotos de fin de año y recordatorios de graduación.",
        }
        wanted.append((fields, rng.randint(30, 360)))

    for fields, days_ago in wanted:
        if fields["document"] not in existing:
            created.append((client_create(data=fields, acting_user=author), days_ago))

    # Demo only: spread the registrations over the past year for the dashboard's history.
    for client, days_ago in created:
        Client.objects.filter(pk=client.pk).update(created_at=now - timedelta(days=days_ago, hours=days_ago % 9))
    return len(created)
