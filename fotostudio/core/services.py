"""Helpers every module's services use to write rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models


def editable_fields(model: type[models.Model], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The fields a caller may set: editable, concrete and not the primary key (``created_by``-style
    fields declared ``editable=False`` and generated columns are the service's own)."""
    excluded = set(exclude)
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in excluded
    )


def only_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    """``data`` restricted to ``allowed``; any other key is a programming error, not user input."""
    allowed = set(allowed)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(unknown)}")
    return dict(data)


def model_update(
    *,
    instance: models.Model,
    fields: Iterable[str],
    data: Mapping[str, Any],
    clean: Callable[[models.Model], None] | None = None,
) -> list[str]:
    """Set the ``fields`` present in ``data``, run ``clean`` (which may normalise or raise), then save
    only what changed, with ``updated_at`` when the model has one. Returns the changed fields.

    ``clean`` sees the whole new state; a field it changes as a consequence (a school's data
    cleared when it becomes a private client) is saved too, because changes are found by
    comparing every field in ``fields`` with its value before.
    """
    fields = tuple(fields)
    values = only_fields(data, fields)
    before = {field: getattr(instance, field) for field in fields}
    for field, value in values.items():
        setattr(instance, field, value)
    if clean is not None:
        clean(instance)
    changed = [field for field in fields if getattr(instance, field) != before[field]]
    if changed:
        update_fields = list(changed)
        if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    return changed
