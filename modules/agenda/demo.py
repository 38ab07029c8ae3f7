"""Demo agenda for ``seed_demo``: the studio's rooms and equipment, and a month of appointments around today.

Deterministic per day (each day's appointments come from a generator seeded with the date) and
idempotent: a resource or an appointment (same title and start) already there is skipped, so running it
again the same day adds nothing and on a later day only adds the new days. Every appointment is booked
through the service, so the demo never double-books anybody.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from fotostudio.core.errors import ApplicationError
from fotostudio.users.roles import Role

from .models import Appointment, AppointmentStatus, AppointmentType, Resource, ResourceKind
from .services import appointment_create, resource_create

RESOURCES = [
    ("Estudio principal", ResourceKind.ROOM, "Fondo blanco infinito, flashes de estudio."),
    ("Estudio 2 (infantil)", ResourceKind.ROOM, "Decorados y accesorios para niños y recién nacidos."),
    ("Cámara Canon EOS R5", ResourceKind.EQUIPMENT, "Cuerpo principal para sesiones y eventos."),
    ("Kit de iluminación portátil", ResourceKind.EQUIPMENT, "Dos flashes con baterías, para sesiones fuera."),
]
#: (hour, minute, minutes long) of the day's possible slots: they never overlap each other.
SLOTS = [(9, 0, 90), (11, 0, 60), (12, 30, 30), (15, 0, 90), (17, 0, 60)]
SESSIONS = ["Sesión familiar", "Sesión de quince años", "Fotos de graduación", "Sesión de embarazo", "Book personal"]
MEETINGS = ["Reunión para planificar la boda", "Revisión de pruebas de álbum", "Cotización de cuadros"]
PLACES = ["Estudio", "Parque La Carolina", "Domicilio del cliente", "Estudio"]
DAYS_BEFORE, DAYS_AFTER = 14, 16


def _staff():
    from fotostudio.users.models import User

    wanted = [Role.PHOTOGRAPHER, Role.MANAGER, Role.ADMINISTRATOR]
    users = list(User.objects.filter(is_active=True, groups__name__in=[str(r) for r in wanted]).distinct())
    return sorted(users, key=lambda user: user.username) or list(User.objects.filter(is_superuser=True)[:1])


def _status(rng: random.Random, start: datetime, now: datetime) -> str:
    if start < now:
        return rng.choices(
            [AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED], weights=[8, 1, 1]
        )[0]
    return rng.choices(
        [AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.CANCELLED], weights=[5, 4, 1]
    )[0]


@transaction.atomic
def seed_demo_agenda(*, tenant, password: str = "") -> int:
    """Add the demo resources and appointments that are missing; returns how many appointments were created."""
    from fotostudio.users.demo import seed_demo_users
    from fotostudio.users.models import User
    from modules.clients.models import Client, ClientType

    if password:
        # The photographer and the manager the appointments are for (idempotent; the users module's own
        # seeder runs after this one and then finds them there).
        seed_demo_users(tenant=tenant, password=password)
    for name, kind, description in RESOURCES:
        if not Resource.objects.filter(name__iexact=name).exists():
            resource_create(data={"name": name, "kind": kind, "description": description})
    resources = {resource.name: resource for resource in Resource.objects.filter(is_active=True)}
    rooms = [resources[name] for name, kind, _d in RESOURCES if kind == ResourceKind.ROOM and name in resources]
    kits = [resources[name] for name, kind, _d in RESOURCES if kind == ResourceKind.EQUIPMENT and name in resources]
    staff = _staff()
    people = list(Client.objects.filter(is_active=True, client_type=ClientType.PRIVATE).order_by("document")[:40])
    schools = list(Client.objects.filter(is_active=True, client_type=ClientType.SCHOOL).order_by("document"))
    author = User.objects.filter(username="admin").first()
    zone = timezone.get_current_timezone()
    now = timezone.now()
    today = timezone.localdate()
    existing = set(Appointment.objects.values_list("title", "starts_at"))
    created = 0
    for offset in range(-DAYS_BEFORE, DAYS_AFTER + 1):
        day = today + timedelta(days=offset)
        if day.weekday() == 6:  # closed on Sundays
            continue
        rng = random.Random(day.toordinal())
        for index, (hour, minute, minutes) in enumerate(rng.sample(SLOTS, k=rng.randint(1, 3))):
            start = datetime.combine(day, time(hour, minute), tzinfo=zone)
            kind = rng.choices(list(AppointmentType), weights=[5, 3, 2, 1])[0]
            client = rng.choice(people) if people else None
            if kind == AppointmentType.SCHOOL_SHOOT:
                client = rng.choice(schools) if schools else None
                title = f"Fotos de grado: {client.name}" if client else "Sesión en colegio"
                place, resource = (client.address if client else "") or "Colegio", kits[0] if kits else None
            elif kind == AppointmentType.DELIVERY:
                title = f"Entrega de fotos: {client.name}" if client else "Entrega de fotos"
                place, resource, minutes = "Mostrador", None, 30
            elif kind == AppointmentType.MEETING:
                title, place, resource = rng.choice(MEETINGS), "Oficina", None
            else:
                title = f"{rng.choice(SESSIONS)}: {client.name}" if client else rng.choice(SESSIONS)
                place = rng.choice(PLACES)
                resource = rooms[index % len(rooms)] if rooms and place == "Estudio" else (kits[-1] if kits else None)
            status = _status(rng, start, now)  # every draw before the "already there?" check: runs stay alike
            if (title, start) in existing:
                continue
            team = [staff[(day.toordinal() + index) % len(staff)]] if staff else []
            data = {
                "appointment_type": kind,
                "title": title,
                "client": client,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=minutes),
                "place": place,
                "resource": resource,
                "staff": team,
                "status": status,
                "notes": "",
            }
            try:
                with transaction.atomic():
                    appointment_create(data=data, acting_user=author)
            except ApplicationError:
                continue  # something the business booked meanwhile holds that time: leave it out
            created += 1
    return created
