"""Declaring a model audited: ``@audited()`` on the model class, and nothing else.

::

    from fotostudio.audit.tracking import audited

    @audited()
    class Client(TimeStampedModel):
        ...

    @audited(exclude=["last_login"])  # the password hash is never recorded, whatever the model
    class User(AbstractBaseUser, PermissionsMixin):
        ...

``makemigrations`` then adds, to the module's own migration, the model's *event table*
(``<app>_<model>event``: a copy of its columns plus the event's id, time, action and
context) and the database triggers that fill it on every ``INSERT``, ``UPDATE`` and
``DELETE``, whatever issues them: ``save()``, ``bulk_create``, ``queryset.update()``,
``queryset.delete()``, raw SQL, ``INSERT … SELECT``, ``COPY``. ``migrate_schemas`` installs
them in every business's schema (``fotostudio.audit.schema`` pins them there), and the
audit trail (``audit.AuditEvent``, the API and the admin) lists them with no further code.

Built on django-pghistory (event models and triggers) and django-pgtrigger. Choices made
here for every audited model:

- the actions are the API's words: ``crear``, ``actualizar``, ``eliminar``;
- the triggers fire for each row (``TRIGGER_LEVEL``; tests/benchmarks/bench_audit.py measures
  what that costs an import);
- an update that changes nothing but automatic dates (``updated_at``) records nothing;
- ``password`` fields and generated columns (search text) are never copied;
- the event rows are append-only (a trigger refuses ``UPDATE`` and ``DELETE`` on them);
- the context (user, IP, request id, path) is stored on each event row as JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pghistory
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from pghistory.models import Event

from .choices import AuditAction

#: Never copied into an event table, on any model.
SENSITIVE_FIELDS = frozenset({"password"})
#: Row-level triggers: see docs/modules/audit.md ("Cost") for the figures behind the choice.
TRIGGER_LEVEL = pghistory.Row


class AuditedEvent(Event):
    """The base of every event table (``PGHISTORY_BASE_MODEL``).

    The id is a UUID, unique across every table and every business (an event of one business
    can never be mistaken for another's), instead of pghistory's 32-bit counter.
    """

    pgh_id = models.UUIDField(primary_key=True, db_default=RandomUUID(), editable=False)

    class Meta:
        abstract = True


def _short_name(table: str, suffix: str) -> str:
    """An index name unique to ``table`` within PostgreSQL's 30 characters Django allows."""
    digest = hashlib.sha1(table.encode()).hexdigest()[:6]
    return f"{table[:17]}_{digest}_{suffix}"


def _event_table(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}event"


def is_audited(model: type[models.Model]) -> bool:
    """Whether ``model``'s writes are recorded (it was declared with :func:`audited`)."""
    return getattr(model, "audit_excluded_fields", None) is not None


def event_model_of(model: type[models.Model]) -> type[models.Model] | None:
    """The event table's model of an audited model (``None`` otherwise)."""
    return model.pgh_event_model if is_audited(model) else None


def audited(*, exclude: Iterable[str] = ()):
    """Class decorator: record every create, update and delete of the model in the audit trail.

    ``exclude`` names fields whose values are not worth keeping (``last_login``); a change to
    them alone records nothing. Password fields and generated columns are always left out.
    """

    def decorate(model: type[models.Model]) -> type[models.Model]:
        generated = {field.name for field in model._meta.local_fields if isinstance(field, models.GeneratedField)}
        names = {field.name for field in model._meta.local_fields}
        excluded = sorted((set(exclude) | generated | SENSITIVE_FIELDS) & names)
        table = _event_table(model)
        pghistory.track(
            pghistory.InsertEvent(AuditAction.CREATE.value, level=TRIGGER_LEVEL),
            pghistory.UpdateEvent(
                AuditAction.UPDATE.value,
                condition=pghistory.AnyChange(exclude_auto=True),
                level=TRIGGER_LEVEL,
            ),
            pghistory.DeleteEvent(AuditAction.DELETE.value, level=TRIGGER_LEVEL),
            exclude=excluded,
            # No reverse accessor on the audited model (a module's own ``events`` relation stays free).
            obj_field=pghistory.ObjForeignKey(related_name="+"),
            context_field=pghistory.ContextJSONField(),
            context_id_field=pghistory.ContextUUIDField(),
            append_only=True,
            base_model=AuditedEvent,
            model_name=f"{model.__name__}Event",
            meta={
                "db_table": table,
                "verbose_name": format_lazy("{} · {}", _("historial"), model._meta.verbose_name),
                "verbose_name_plural": format_lazy("{} · {}", _("historial"), model._meta.verbose_name_plural),
                # Nobody gets rights on an event table: the trail is read through audit.AuditEvent.
                "default_permissions": (),
                "indexes": [
                    models.Index(fields=["-pgh_created_at"], name=_short_name(table, "at")),
                ],
            },
        )(model)
        model.audit_excluded_fields = tuple(excluded)
        return model

    return decorate
