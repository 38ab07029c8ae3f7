"""A recorded value as people read it in the admin: choices by their label, yes/no, local dates."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EMPTY = "—"


def _labelled(field: models.Field, value: Any) -> Any:
    choices = dict(field.flatchoices) if field.choices else {}
    return choices.get(value, value)


def value_text(model: type[models.Model] | None, field_name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    field = _field(model, field_name)
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        base = getattr(field, "base_field", None)
        return ", ".join(str(_labelled(base, item) if base is not None else item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items()) or EMPTY
    if field is not None:
        return str(_labelled(field, value))
    return str(value)


def _related_names(model, groups) -> dict[tuple[str, Any], str]:
    """``{(field, pk): str(row)}`` for the foreign keys among the changes: one query per related model."""
    wanted: dict[str, set] = {}
    for changes in groups:
        for change in changes:
            field = _field(model, change.field)
            if isinstance(field, models.ForeignKey):
                wanted.setdefault(change.field, set()).update(
                    value for value in (change.before, change.after) if value is not None
                )
    names = {}
    for field_name, keys in wanted.items():
        related = _field(model, field_name).related_model
        for row in related._default_manager.filter(pk__in=keys):
            names[(field_name, row.pk)] = str(row)
    return names


def _field(model, name):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def changes_tables(model, groups) -> list[list[tuple[str, str, str]]]:
    """For each list of changes, ``(label, before, after)`` as text; a related row by its name
    (``Creado por: Ana``), read with one query per related model for all the lists."""
    names = _related_names(model, groups)

    def text(change, value):
        name = names.get((change.field, value)) if isinstance(value, Hashable) else None
        return name if name is not None else value_text(model, change.field, value)

    return [
        [(change.label, text(change, change.before), text(change, change.after)) for change in changes]
        for changes in groups
    ]
