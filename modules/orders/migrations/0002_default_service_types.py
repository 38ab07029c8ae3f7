"""The six service types every studio starts with (each business may rename, deactivate or add more)."""

import uuid

from django.db import migrations

DEFAULTS = [
    ("sesion_fotos", "Sesión de fotos"),
    ("impresion", "Impresión"),
    ("enmarcado", "Enmarcado"),
    ("recordatorio", "Recordatorios"),
    ("diseno", "Diseño"),
    ("restauracion", "Pintura y restauración"),
]


def add_defaults(apps, schema_editor):
    ServiceType = apps.get_model("orders", "ServiceType")
    existing = set(ServiceType.objects.values_list("code", flat=True))
    ServiceType.objects.bulk_create(
        ServiceType(id=uuid.uuid4(), code=code, name=name, position=index * 10)
        for index, (code, name) in enumerate(DEFAULTS, 1)
        if code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
