"""Every write of settings, and the document numbers (``number_next``).

The rules live here and nowhere else:

- a key must be a setting of the business (a module it has); its value must pass the
  setting's type and validation (``SettingDefinition.parse``), or the refusal names it;
- a setting has at most one row: creating one that exists is a 409 naming it;
- a required setting is never deleted (409), only changed; deleting an optional one
  returns it to its default;
- the time zone, the language and the logo are the business's own fields: changing the
  setting changes the business (``tenants.services.tenant_update_settings``);
- a document kind's next number only goes forward: a number already given is never given
  again, and ``number_next`` hands out numbers under a row lock, without gaps;
- every change refreshes the cached settings (``cache.changed``) for every process.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_migrate
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import only_fields
from tenants.services import tenant_update_settings

from . import catalogue
from .cache import changed
from .definitions import SettingDefinition, next_number_key, prefix_key
from .models import NumberSequence, Setting
from .registry import setting_definition, setting_definitions
from .selectors import business_year, current_tenant, setting_value


class SettingErrorCode(StrEnum):
    INVALID = "setting_invalid"
    UNKNOWN = "setting_unknown"
    DUPLICATE = "setting_duplicate"
    REQUIRED = "setting_required"
    NUMBER_BEHIND = "setting_number_behind"
    MAINTENANCE = "maintenance"


# --- Reading the caller's input --------------------------------------------------------------------


def _unknown(key: Any, field: str) -> ApplicationError:
    shown = key if isinstance(key, str) and key.isprintable() and len(key) <= 100 else "…"
    message = _("«%(key)s» no es un ajuste de este negocio.") % {"key": shown}
    return ApplicationError(message, code=SettingErrorCode.UNKNOWN, errors={field: [message]})


def _definition(key: Any, *, field: str = "key") -> SettingDefinition:
    tenant = current_tenant()
    definition = setting_definition(key, tenant) if tenant is not None and isinstance(key, str) else None
    if definition is None:
        raise _unknown(key, field)
    return definition


def _parse(definition: SettingDefinition, raw: Any, *, field: str, from_api: bool = False) -> Any:
    if from_api and not definition.api_writable:
        message = _("«%(label)s» se cambia en el panel de administración.") % {"label": definition.label}
        raise ApplicationError(message, code=SettingErrorCode.INVALID, errors={field: [message]})
    try:
        return definition.parse(raw)
    except ValidationError as exc:
        raise ApplicationError(
            f"{definition.label}: {exc.messages[0]}", code=SettingErrorCode.INVALID, errors={field: exc.messages}
        ) from exc


# --- Storing one value ------------------------------------------------------------------------------------


def _locked_sequence(kind: str) -> NumberSequence:
    sequence = NumberSequence.objects.select_for_update().filter(kind=kind).first()
    if sequence is None:
        # Concurrent first calls: one inserts, the others wait for it and insert nothing.
        NumberSequence.objects.bulk_create([NumberSequence(kind=kind)], ignore_conflicts=True)
        sequence = NumberSequence.objects.select_for_update().get(kind=kind)
    return sequence


def _starts_again(sequence: NumberSequence, *, yearly: bool, year: int) -> bool:
    return yearly and sequence.year is not None and sequence.year != year


def _sequence_set_next(kind: str, value: int, *, field: str) -> None:
    tenant = current_tenant()
    yearly, year = setting_value(catalogue.NUMBERING_YEARLY), business_year(tenant)
    sequence = _locked_sequence(kind)
    if _starts_again(sequence, yearly=yearly, year=year):
        sequence.last_number = 0
    if value <= sequence.last_number:
        message = _("Ya se emitió el número %(last)d: el siguiente debe ser mayor.") % {"last": sequence.last_number}
        raise ApplicationError(message, code=SettingErrorCode.NUMBER_BEHIND, errors={field: [message]})
    sequence.next_number = value
    sequence.year = year
    sequence.save(update_fields=["next_number", "last_number", "year", "updated_at"])


def _save_row(setting: Setting, **save_kwargs) -> Setting:
    """Save; a concurrent request that created the same setting first still ends as a named 409."""
    try:
        with transaction.atomic():
            setting.save(**save_kwargs)
    except IntegrityError:
        existing = Setting.objects.filter(key=setting.key).first()
        if existing is not None and existing.pk != setting.pk:
            raise _duplicate(existing) from None
        raise
    return setting


def _store(definition: SettingDefinition, value: Any, *, setting: Setting | None, acting_user, field: str) -> Setting:
    """Write ``value`` where the setting lives and record who changed it on its row (created if missing)."""
    if definition.tenant_field:
        tenant_update_settings(tenant=current_tenant(), data={definition.tenant_field: value})
    elif definition.sequence:
        _sequence_set_next(definition.sequence, value, field=field)
    if setting is None:
        setting = Setting(key=definition.key)
    setting.value = definition.to_json(value) if definition.stored_in_row else None
    setting.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    _save_row(setting)
    changed()
    return setting


def _duplicate(existing: Setting) -> ConflictError:
    message = _("El ajuste «%(key)s» ya existe: cámbielo con PUT en lugar de crearlo.") % {"key": existing.key}
    return ConflictError(
        message,
        code=SettingErrorCode.DUPLICATE,
        errors={"key": [message]},
        extra={"configuracion_existente": {"id": str(existing.pk), "clave": existing.key}},
    )


# --- Create, update, delete ------------------------------------------------------------------------------


@transaction.atomic
def setting_create(*, data: Mapping[str, Any], acting_user=None) -> Setting:
    """Give a setting its first row: ``data`` holds ``key`` and ``value`` (its JSON value)."""
    data = only_fields(data, ("key", "value"))
    definition = _definition(data.get("key"))
    existing = Setting.objects.filter(key=definition.key).first()
    if existing is not None:
        raise _duplicate(existing)
    value = _parse(definition, data.get("value"), field="value", from_api=True)
    return _store(definition, value, setting=None, acting_user=acting_user, field="value")


@transaction.atomic
def setting_update(*, setting: Setting, data: Mapping[str, Any], acting_user=None) -> Setting:
    """Change a setting's value (``data["value"]``); ``key`` may be sent, but not changed."""
    data = only_fields(data, ("key", "value"))
    if "key" in data and data["key"] != setting.key:
        message = _("La clave de un ajuste no se cambia: es «%(key)s».") % {"key": setting.key}
        raise ApplicationError(message, code=SettingErrorCode.INVALID, errors={"key": [message]})
    definition = _definition(setting.key)
    if "value" not in data:
        message = _("Envíe el valor nuevo.")
        raise ApplicationError(message, code=SettingErrorCode.INVALID, errors={"value": [message]})
    value = _parse(definition, data["value"], field="value", from_api=True)
    return _store(definition, value, setting=setting, acting_user=acting_user, field="value")


@transaction.atomic
def setting_delete(*, setting: Setting, acting_user=None) -> None:
    """Remove an optional setting's value (its default applies again); a required one is refused."""
    definition = _definition(setting.key)
    if definition.required:
        raise ConflictError(
            _("«%(label)s» es un ajuste obligatorio: cambie su valor en lugar de eliminarlo.")
            % {"label": definition.label},
            code=SettingErrorCode.REQUIRED,
        )
    if definition.tenant_field:  # the logo: the business's own field goes back to empty
        tenant_update_settings(tenant=current_tenant(), data={definition.tenant_field: definition.default})
    setting.delete()
    changed()


@transaction.atomic
def settings_update(*, values: Mapping[str, Any], acting_user=None) -> list[str]:
    """Change several settings at once (a page of the admin, the system configuration): all or none.

    ``values`` maps keys to new values (JSON, or a form's cleaned values). Refusals name each
    key in ``errors``; only the settings whose value changes are written. Returns their keys.
    """
    definitions, parsed, refusals = {}, {}, []
    for key, raw in values.items():
        try:
            definitions[key] = _definition(key, field=key)
            parsed[key] = _parse(definitions[key], raw, field=key)
        except ApplicationError as exc:
            refusals.append(exc)
    if refusals:
        errors = {field: messages for refusal in refusals for field, messages in refusal.errors.items()}
        raise ApplicationError(refusals[0].message, code=refusals[0].code, errors=errors)
    current = {key: setting_value(key) for key in parsed}
    rows = {row.key: row for row in Setting.objects.select_for_update().filter(key__in=list(values))}
    written = []
    for key, value in parsed.items():
        definition = definitions[key]
        if value == current[key] and (key in rows or not definition.required):
            continue
        _store(definition, value, setting=rows.get(key), acting_user=acting_user, field=key)
        written.append(key)
    return written


#: The system configuration's fields (``/administracion/configuracion/``) and the settings they are.
SYSTEM_FIELDS = {
    "language": catalogue.LANGUAGE,
    "timezone": catalogue.TIMEZONE,
    "maintenance": catalogue.MAINTENANCE,
}


def system_configuration_update(*, data: Mapping[str, Any], acting_user=None) -> list[str]:
    """Change the language, the time zone or maintenance mode (``data`` by ``SYSTEM_FIELDS``)."""
    data = only_fields(data, SYSTEM_FIELDS)
    try:
        return settings_update(
            values={SYSTEM_FIELDS[name]: value for name, value in data.items()}, acting_user=acting_user
        )
    except ApplicationError as exc:
        names = {key: name for name, key in SYSTEM_FIELDS.items()}
        exc.errors = {names.get(key, key): messages for key, messages in exc.errors.items()}
        raise


# --- Rows for every required setting -------------------------------------------------------------------


def settings_ensure() -> int:
    """Give every required setting of the business its row (with its default), so each has an ``id``.

    Idempotent and safe under concurrency; returns how many rows it created.
    """
    tenant = current_tenant()
    if tenant is None:
        return 0
    required = [definition for definition in setting_definitions(tenant) if definition.required]
    existing = set(Setting.objects.filter(key__in=[d.key for d in required]).values_list("key", flat=True))
    missing = [
        Setting(key=d.key, value=d.to_json(d.default) if d.stored_in_row else None)
        for d in required
        if d.key not in existing
    ]
    if missing:
        Setting.objects.bulk_create(missing, ignore_conflicts=True)
        changed()
    return len(missing)


def settings_ensure_after_migrate(sender, **kwargs) -> None:
    """Hooked to ``post_migrate``: each business's schema gets the rows of its required settings."""
    if sender.label != "configuration" or connection.schema_name == get_public_schema_name():
        return
    settings_ensure()


def connect_signals() -> None:
    post_migrate.connect(settings_ensure_after_migrate, dispatch_uid="configuration.settings_ensure")


# --- Document numbers ------------------------------------------------------------------------------------


def format_document_number(prefix: str, number: int, *, digits: int, year: int | None) -> str:
    """``PED-2026-00001`` (by year) or ``PED-00001``."""
    parts = [prefix, str(year)] if year is not None else [prefix]
    return "-".join([*parts, f"{number:0{digits}d}"])


@transaction.atomic
def number_next(kind: str) -> str:
    """The next number of a document kind (``PED-2026-00001``), taken for good.

    Call it inside the transaction that saves the document: the kind's counter stays locked
    until that transaction ends, so simultaneous documents get consecutive numbers, none twice;
    if the document is not saved (the transaction rolls back), its number is handed out again.
    ``LookupError`` when the business has no such kind (its module declares
    ``numbering_settings(kind, …)``).
    """
    tenant = current_tenant()
    if tenant is None or setting_definition(next_number_key(kind), tenant) is None:
        raise LookupError(f"{kind!r} is not a document kind of this business.")
    prefix = setting_value(prefix_key(kind))
    digits = setting_value(catalogue.NUMBERING_DIGITS)
    yearly = setting_value(catalogue.NUMBERING_YEARLY)
    year = business_year(tenant)
    sequence = _locked_sequence(kind)
    if _starts_again(sequence, yearly=yearly, year=year):
        sequence.last_number, sequence.next_number = 0, 1
    number = sequence.next_number
    sequence.last_number, sequence.next_number, sequence.year = number, number + 1, year
    sequence.save(update_fields=["next_number", "last_number", "year", "updated_at"])
    return format_document_number(prefix, number, digits=digits, year=year if yearly else None)
