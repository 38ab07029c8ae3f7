"""Every read of the logs: the access log, the audit trail, one event's changes, one record's history.

Lists read ``audit.AuditEvent`` (the ``audit_trail`` view): ids, times, actions, models and the
request's context, never the records' values, so a page costs the same whatever the trail holds.
What changed is read for one event (:func:`audit_event_changes`, one query) or for one record's
history (:func:`audit_record_history`, one query for the whole page) from the event tables.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError
from fotostudio.core.registry import declares_export
from fotostudio.core.vocabulary import all_vocabularies

from .choices import AuditAction
from .models import AccessLog, AccessResult, ActivityLog, AuditEvent
from .tracking import event_model_of, is_audited

#: Columns of an event table that are the event's own, not the record's.
EVENT_COLUMNS_PREFIX = "pgh_"
#: A record's history shows its latest events, this many at most.
HISTORY_LIMIT = 100


class AuditErrorCode(StrEnum):
    INVALID_ACTION = "audit_invalid_action"
    INVALID_MODEL = "audit_invalid_model"
    INVALID_USER = "audit_invalid_user"


def access_log_recent(*, limit: int = 10, results: tuple[str, ...] = (AccessResult.LOGIN,)) -> QuerySet[AccessLog]:
    return AccessLog.objects.select_related("user").filter(result__in=results).order_by("-created_at")[:limit]


def access_log_list() -> QuerySet[AccessLog]:
    return AccessLog.objects.select_related("user").order_by("-created_at", "-id")


# --- What the trail can name ---------------------------------------------------------------------


def audit_models() -> dict[str, type[models.Model]]:
    """``{"clients.client": Client, …}``: every model the trail can hold (audited, or exported), by label."""
    found = {
        model._meta.label_lower: model for model in apps.get_models() if is_audited(model) or declares_export(model)
    }
    return dict(sorted(found.items()))


def audit_model_label(label: str) -> str:
    """The model's name for people (``clientes``), or the label itself when it is gone."""
    model = audit_models().get(label)
    return capfirst(str(model._meta.verbose_name_plural)) if model is not None else label


def audit_action_check(action: str) -> str:
    if action not in AuditAction.values:
        raise ApplicationError(
            _("«%(value)s» no es una acción válida. Use: %(allowed)s.")
            % {"value": action[:40], "allowed": ", ".join(AuditAction.values)},
            code=AuditErrorCode.INVALID_ACTION,
        )
    return action


def audit_model_check(label: str) -> str:
    allowed = audit_models()
    if label not in allowed:
        raise ApplicationError(
            _("«%(value)s» no es un modelo válido. Use: %(allowed)s.")
            % {"value": label[:60], "allowed": ", ".join(allowed)},
            code=AuditErrorCode.INVALID_MODEL,
        )
    return label


def audit_user_check(user_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(user_id))
    except ValueError:
        raise ApplicationError(
            _("«%(value)s» no es un id de usuario válido: use el UUID del usuario.") % {"value": str(user_id)[:40]},
            code=AuditErrorCode.INVALID_USER,
        ) from None


# --- The trail ---------------------------------------------------------------------------------------


def audit_event_list() -> QuerySet[AuditEvent]:
    """The whole trail, newest first; filter it with ``filters.AuditEventFilter``."""
    return AuditEvent.objects.order_by("-created_at", "-id")


def audit_record_names(events) -> dict[tuple[str, str], str]:
    """``{(model, object_id): str(record)}`` of the records that still exist, one query per model."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.object_id:
            wanted.setdefault(event.model, set()).add(event.object_id)
    names = {}
    for label, ids in wanted.items():
        model = audit_models().get(label)
        if model is None:
            continue
        for record in model._default_manager.filter(pk__in=ids):
            names[(label, str(record.pk))] = str(record)
    return names


def audit_event_get(*, event_id) -> AuditEvent | None:
    return AuditEvent.objects.filter(pk=event_id).first()


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the business's time zone: a day's events are ``[start(day), start(day + 1))``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def created_between(queryset: QuerySet, *, since: datetime.date | None, until: datetime.date | None) -> QuerySet:
    """Whole days, in the business's time zone, without a function on the column (its index serves)."""
    if since is not None:
        queryset = queryset.filter(created_at__gte=day_start(since))
    if until is not None:
        queryset = queryset.filter(created_at__lt=day_start(until + datetime.timedelta(days=1)))
    return queryset


# --- What changed ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str  # the model field
    key: str  # its name in the API (the module's vocabulary)
    label: str  # its name for people
    before: Any
    after: Any


@dataclass
class EventDetail:
    #: The record's values after the event (before it, for a deletion), by their API name.
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[FieldChange] = field(default_factory=list)
    #: ``False`` for an update of a record older than the trail: what it held before is unknown.
    before_known: bool = True
    #: An export's row count, format and filters (``None`` for a record's event).
    export: ActivityLog | None = None


def _vocabulary_keys(model: type[models.Model]) -> dict[str, str]:
    for vocabulary in all_vocabularies():
        if vocabulary.model is model:
            return vocabulary.names
    return {}


def _record_fields(event_model) -> list[models.Field]:
    """The record's columns an event keeps (its own ``pgh_*`` columns left out)."""
    return [f for f in event_model._meta.concrete_fields if not f.name.startswith(EVENT_COLUMNS_PREFIX)]


def _auto_fields(model) -> set[str]:
    """Dates Django sets by itself (``created_at``, ``updated_at``): not a change anyone made."""
    return {
        f.name
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }


def _local(row: dict) -> dict:
    """Date-times in the business's time zone, as the rest of the API shows them."""
    return {
        key: timezone.localtime(value) if isinstance(value, datetime.datetime) else value for key, value in row.items()
    }


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _changes(
    model, fields: list[models.Field], action: str, current: dict, previous: dict | None
) -> tuple[list[FieldChange], bool]:
    keys = _vocabulary_keys(model)
    skipped = _auto_fields(model) | {model._meta.pk.name}
    result: list[FieldChange] = []
    if action == AuditAction.UPDATE and previous is None:
        return [], False
    for model_field in fields:
        if model_field.name in skipped:
            continue
        name = model_field.attname
        if action == AuditAction.CREATE:
            before, after = None, current[name]
            if _is_empty(after):
                continue
        elif action == AuditAction.DELETE:
            before, after = current[name], None
            if _is_empty(before):
                continue
        else:
            before, after = previous[name], current[name]
            if before == after:
                continue
        result.append(
            FieldChange(
                field=model_field.name,
                key=keys.get(model_field.name, model_field.name),
                label=capfirst(str(model_field.verbose_name)),
                before=before,
                after=after,
            )
        )
    return result, True


def _event_model(label: str):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None, None
    return model, event_model_of(model)


def audit_event_changes(event: AuditEvent) -> EventDetail:
    """The record's values and what the event changed in them (one query), or an export's details."""
    if event.action == AuditAction.EXPORT:
        return EventDetail(export=ActivityLog.objects.filter(pk=event.pk).first())
    model, event_model = _event_model(event.model)
    if event_model is None:
        return EventDetail(before_known=False)
    fields = _record_fields(event_model)
    names = ["pgh_id", *(f.attname for f in fields)]
    # The event and the one before it for the same record, in one query.
    rows = list(
        event_model.objects.filter(pgh_obj_id=event.object_id)
        .filter(Q(pgh_id=event.pk) | Q(pgh_created_at__lt=event.created_at))
        .order_by("-pgh_created_at", "-pgh_id")
        .values(*names)[:2]
    )
    rows = [_local(row) for row in rows]
    if not rows or rows[0]["pgh_id"] != event.pk:
        return EventDetail(before_known=False)
    current = rows[0]
    previous = rows[1] if len(rows) > 1 else None
    changes, before_known = _changes(model, fields, event.action, current, previous)
    keys = _vocabulary_keys(model)
    data = {keys.get(f.name, f.name): current[f.attname] for f in fields}
    return EventDetail(data=data, changes=changes, before_known=before_known)


@dataclass(frozen=True)
class HistoryEntry:
    event_id: uuid.UUID
    action: str
    created_at: datetime.datetime
    user_id: str | None
    username: str
    ip_address: str
    request_id: str
    changes: list[FieldChange]
    before_known: bool

    def get_action_display(self) -> str:
        return str(AuditAction(self.action).label)


def audit_record_history(*, model: type[models.Model], object_id, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """One record's latest ``limit`` events, newest first, each with what it changed (one query)."""
    event_model = event_model_of(model)
    if event_model is None:
        return []
    fields = _record_fields(event_model)
    names = ["pgh_id", "pgh_label", "pgh_created_at", "pgh_context", *(f.attname for f in fields)]
    rows = list(
        event_model.objects.filter(pgh_obj_id=object_id)
        .order_by("-pgh_created_at", "-pgh_id")
        .values(*names)[: limit + 1]
    )
    entries = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes, before_known = _changes(model, fields, row["pgh_label"], row, previous)
        context = row["pgh_context"] or {}
        entries.append(
            HistoryEntry(
                event_id=row["pgh_id"],
                action=row["pgh_label"],
                created_at=row["pgh_created_at"],
                user_id=context.get("user"),
                username=context.get("username") or "",
                ip_address=context.get("ip") or "",
                request_id=context.get("request_id") or "",
                changes=changes,
                before_known=before_known,
            )
        )
    return entries
