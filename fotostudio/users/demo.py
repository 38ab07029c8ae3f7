"""Demo staff: one user per role of the business's type, sharing the demo password."""

from django.db import transaction

from .models import Role, User
from .roles import roles_for
from .services import user_create

DEMO_USERS = [
    ("gerente", "Gabriela Andrade", Role.MANAGER),
    ("ventas", "Valeria Torres", Role.SALES),
    ("produccion", "Pablo Cedeño", Role.PRODUCTION),
    ("fotografo", "Fernando Vera", Role.PHOTOGRAPHER),
    ("contabilidad", "Carmen Salazar", Role.ACCOUNTING),
    ("tecnico", "Tomás Guamán", Role.FIELD_TECHNICIAN),
    ("calidad", "Cecilia Ortiz", Role.QUALITY),
    ("logistica", "Luis Zambrano", Role.LOGISTICS),
    ("lectura", "Lucía Mendoza", Role.READ_ONLY),
]


@transaction.atomic
def seed_demo_users(*, tenant, password: str) -> list[str]:
    created = []
    roles = roles_for(tenant.business_type)
    for username, full_name, role in DEMO_USERS:
        if role not in roles or User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            email=f"{username}@{tenant.schema_name}.example.com",
            password=password,
            full_name=full_name,
            roles=[role],
        )
        created.append(username)
    return created
