"""Every read of the settings: other modules, the API, the admin, the maintenance check.

Reading a setting runs no SQL once the business's settings are cached (``cache.py``); the time
zone and the language are the business's own fields (``tenants.Tenant``), already in memory
for the request. A document kind's next number is the one live read (its counter changes with
every document).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from tenants.cache import tenant_for_slug
from tenants.models import Tenant

from . import catalogue
from .cache import snapshot
from .definitions import GROUP_VIEWS, SettingDefinition
from .models import NumberSequence, Setting
from .registry import setting_definition, setting_definitions, setting_groups


def current_tenant() -> Tenant | None:
    """The business whose schema the connection uses (``None`` on the platform's own schema)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant):
        return None if tenant.is_public else tenant
    if connection.schema_name == get_public_schema_name():
        return None
    return tenant_for_slug(connection.schema_name)


def definition_for(key: str, tenant: Tenant | None = None) -> SettingDefinition:
    """The definition of ``key`` for the current business; ``LookupError`` when it has no such setting."""
    tenant = tenant if tenant is not None else current_tenant()
    definition = setting_definition(key, tenant) if tenant is not None else None
    if definition is None:
        raise LookupError(f"{key!r} is not a setting of this business.")
    return definition


def business_year(tenant: Tenant) -> int:
    """The year it is now where the business is (numbering by year follows it)."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(tenant.timezone)).year


def _effective_next_number(sequence: NumberSequence | None, *, yearly: bool, year: int) -> int:
    if sequence is None:
        return 1
    if yearly and sequence.year is not None and sequence.year != year:
        return 1  # a new year: the series starts again
    return sequence.next_number


def _value(
    definition: SettingDefinition, tenant: Tenant, stored: dict[str, Any], sequences: dict[str, NumberSequence] | None
) -> Any:
    if definition.tenant_field:
        return getattr(tenant, definition.tenant_field)
    if definition.sequence:
        if sequences is None:
            sequences = {definition.sequence: NumberSequence.objects.filter(kind=definition.sequence).first()}
        yearly = _value(definition_for(catalogue.NUMBERING_YEARLY, tenant), tenant, stored, sequences)
        return _effective_next_number(sequences.get(definition.sequence), yearly=yearly, year=business_year(tenant))
    if stored.get(definition.key) is not None:
        return definition.from_json(stored[definition.key])
    return definition.default


def setting_value(key: str) -> Any:
    """The current business's value of ``key`` (its default until someone changes it).

    ``LookupError`` when the business has no such setting (a key of a module it does not have).
    """
    tenant = current_tenant()
    definition = definition_for(key, tenant)
    return _value(definition, tenant, snapshot()["values"], None)


def _sequences(definitions: Iterable[SettingDefinition]) -> dict[str, NumberSequence] | None:
    kinds = [definition.sequence for definition in definitions if definition.sequence]
    if not kinds:
        return {}
    return {sequence.kind: sequence for sequence in NumberSequence.objects.filter(kind__in=kinds)}


def settings_values(*, group: str | None = None, tenant: Tenant | None = None) -> dict[str, Any]:
    """Every setting of the business (or of one ``group``) by key, with its value: one query at most
    (the document counters), none for groups without them."""
    tenant = tenant if tenant is not None else current_tenant()
    if tenant is None:
        return {}
    definitions = [d for d in setting_definitions(tenant) if group is None or d.group == group]
    stored = snapshot()["values"]
    sequences = _sequences(definitions)
    return {definition.key: _value(definition, tenant, stored, sequences) for definition in definitions}


def setting_effective_values(settings_rows: Iterable[Setting], *, tenant: Tenant | None = None) -> dict[str, Any]:
    """The values of some setting rows (a page of the API's list), by key: one query at most."""
    tenant = tenant if tenant is not None else current_tenant()
    definitions = [d for row in settings_rows if (d := setting_definition(row.key, tenant)) is not None]
    stored = snapshot()["values"]
    sequences = _sequences(definitions)
    return {definition.key: _value(definition, tenant, stored, sequences) for definition in definitions}


def settings_grouped(view: str) -> dict[str, dict[str, Any]]:
    """The API's grouped view ``view`` (one of ``GROUP_VIEWS``): ``{group: {name: JSON value}}``.

    A document kind's settings nest under the kind: ``{"numeracion": {"pedido": {"prefijo": "PED"}}}``.
    """
    assert view in GROUP_VIEWS, view
    tenant = current_tenant()
    codes = [group.code for group in setting_groups() if group.view == view]
    values = settings_values(tenant=tenant)
    grouped: dict[str, dict[str, Any]] = {code: {} for code in codes}
    for definition in setting_definitions(tenant):
        if definition.group not in grouped:
            continue
        *path, last = definition.name.split(".")
        target = grouped[definition.group]
        for part in path:
            target = target.setdefault(part, {})
        target[last] = definition.to_json(values[definition.key])
    return grouped


def setting_position_order(tenant: Tenant) -> Case:
    """An expression ordering setting rows as the definitions are shown (groups, then declaration order)."""
    whens = [
        When(key=definition.key, then=Value(index)) for index, definition in enumerate(setting_definitions(tenant))
    ]
    return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


def setting_list() -> QuerySet[Setting]:
    """The business's setting rows (only those of its modules), in display order, with who changed them."""
    tenant = current_tenant()
    keys = [definition.key for definition in setting_definitions(tenant)] if tenant else []
    return (
        Setting.objects.filter(key__in=keys)
        .select_related("updated_by")
        .annotate(position=setting_position_order(tenant) if tenant else Value(0))
        .order_by("position", "id")
    )


# --- Money ---------------------------------------------------------------------------------------------


def money_round(amount: Decimal | int | str) -> Decimal:
    """``amount`` rounded as the business rounds money (its decimals and rounding rule)."""
    places = setting_value(catalogue.MONEY_DECIMALS)
    rule = ROUND_HALF_EVEN if setting_value(catalogue.MONEY_ROUNDING) == catalogue.ROUND_HALF_EVEN else ROUND_HALF_UP
    return Decimal(str(amount)).quantize(Decimal(1).scaleb(-places), rounding=rule)


# --- Maintenance and the system's own configuration -------------------------------------------------------


def maintenance_active() -> bool:
    """Whether the request's business is in maintenance mode (never the platform itself)."""
    if current_tenant() is None:
        return False
    return bool(setting_value(catalogue.MAINTENANCE))


def maintenance_message() -> str:
    return setting_value(catalogue.MAINTENANCE_MESSAGE)


#: Who keeps working during maintenance: those who may change the settings (Administrador), so they
#: can also switch it off.
MAINTENANCE_PERMISSION = "configuration.change_setting"


def may_write_during_maintenance(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(MAINTENANCE_PERMISSION))


def maintenance_refusal() -> str:
    """What someone who tries to save during maintenance reads."""
    refusal = _("El sistema está en mantenimiento: por ahora solo se puede consultar. Vuelva a intentarlo más tarde.")
    note = maintenance_message()
    return f"{refusal} {note}" if note else refusal


def api_version() -> str:
    """The published version of the API (its OpenAPI document's)."""
    return str(settings.SPECTACULAR_SETTINGS["VERSION"])


def database_version() -> str:
    """PostgreSQL's ``server_version``, as the server reported it when the connection opened (no query)."""
    connection.ensure_connection()
    return connection.connection.info.parameter_status("server_version") or ""


def configuration_updated_at(tenant: Tenant) -> datetime:
    """When the business's configuration last changed: its own fields or any stored setting."""
    stored = snapshot()["updated_at"]
    return max(filter(None, [tenant.updated_at, stored]))


def system_configuration() -> dict[str, Any]:
    """What ``/administracion/configuracion/`` shows, by the serializer's sources."""
    tenant = current_tenant()
    return {
        "id": tenant.pk,
        "version_api": api_version(),
        "version_db": database_version(),
        "language": tenant.language,
        "timezone": tenant.timezone,
        "activado": tenant.is_active,
        "maintenance": bool(setting_value(catalogue.MAINTENANCE)),
        "actualizado_en": configuration_updated_at(tenant),
    }
