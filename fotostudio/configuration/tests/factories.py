"""Rows for the generated endpoint tests: an optional setting given a value, and a document counter."""

import itertools

from fotostudio.configuration.models import NumberSequence, Setting
from fotostudio.configuration.registry import setting_definitions
from fotostudio.configuration.selectors import current_tenant
from fotostudio.configuration.services import setting_create
from tests.factories import register_factory

#: A valid value for each optional setting a test may store (the others are stored from the start).
SAMPLE_VALUES = {
    "empresa.razon_social": "Estudio de Prueba S.A.",
    "empresa.nombre_comercial": "Estudio de Prueba",
    "empresa.ruc": "1790042421001",
    "empresa.direccion": "Av. Amazonas N24-03, Quito",
    "empresa.telefono": "022456789",
    "empresa.email": "info@prueba.example.com",
    "mantenimiento.mensaje": "Volvemos a las 10:00.",
}

_kinds = itertools.count(1)


def make_setting_row() -> Setting:
    """The first optional setting of the business that has no row yet, given a valid value."""
    stored = set(Setting.objects.values_list("key", flat=True))
    for definition in setting_definitions(current_tenant()):
        if definition.key in SAMPLE_VALUES and definition.key not in stored:
            return setting_create(data={"key": definition.key, "value": SAMPLE_VALUES[definition.key]})
    raise LookupError("Every optional setting already has a row.")


register_factory(Setting, make_setting_row)
register_factory(NumberSequence, lambda: NumberSequence.objects.create(kind=f"prueba_{next(_kinds)}"))
