"""Links between records: what a document, a photo (and later an alert or a notification) is about.

The services that hold such a link (documents and photos today) know no business module by
name. Each module *registers* the records others may point at, under the key the API uses for
them, from its ``AppConfig.ready()``::

    from fotostudio.core.links import register_link

    class ClientsConfig(AppConfig):
        def ready(self):
            register_link("cliente", "clients.Client")

(the agro vertical will register ``lote`` and ``envio``, the studio ``pedido``, ``contrato``,
``material``…). A holder model inherits :class:`RecordLinkModel`: the link is stored
generically, as the linked row's content type and UUID (``link_type``, ``link_id``, indexed
together), and its service resolves what the caller sent with :func:`link_resolve`:

- the key must be registered *and* its module enabled for the tenant (``lote`` in a studio, or
  ``cliente`` in an agro business, is a 400 ``link_unavailable`` naming the key);
- the record must exist in the tenant's schema (another business's record is simply not there:
  400 ``link_not_found``), and the acting user must be allowed to see that kind of record;
- a linked record cannot be deleted while something holds a link to it (``ProtectedError``, which
  the modules' delete services already turn into their 409 "in use").

The API shows the link under its key (``"cliente": "<uuid>"``), through
``fotostudio.api.links``. Content types are read from the tenant's own table by name, never
through Django's process-wide content type cache (ids may differ between schemas).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models import ProtectedError, Q
from django.db.models.signals import pre_delete
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import get_tenant_model

from .errors import ApplicationError
from .registry import get_module


class LinkErrorCode(StrEnum):
    UNAVAILABLE = "link_unavailable"
    NOT_FOUND = "link_not_found"
    INVALID = "link_invalid"
    AMBIGUOUS = "link_ambiguous"
    REQUIRED = "link_required"


@dataclass(frozen=True)
class LinkKind:
    """One kind of record others may point at: its API key, its model and the module that owns it."""

    key: str
    model_label: str  # "clients.Client"
    module: str  # the label of the module that must be enabled for the link to be usable

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def label(self) -> str:
        """The record's name for people («cliente»)."""
        return str(self.model._meta.verbose_name)

    def serves(self, business_type: str) -> bool:
        spec = get_module(self.module)
        return spec is not None and spec.serves_business_type(business_type)

    def is_available_for(self, tenant: Any) -> bool:
        spec = get_module(self.module)
        return spec is not None and spec.is_enabled_for(tenant)


@dataclass(frozen=True)
class LinkRef:
    """What a caller asks to link to: a key and the record's id, as sent (not yet checked)."""

    key: str
    record_id: Any


_kinds: dict[str, LinkKind] = {}
_holders: list[type[models.Model]] = []
#: The business type whose published document is being generated (see :func:`documenting`).
_documented: ContextVar[str | None] = ContextVar("links_documented", default=None)


# --- Registration (from AppConfig.ready) ---------------------------------------------------------


def register_link(key: str, model: str, *, module: str | None = None) -> LinkKind:
    """Let other services link to rows of ``model`` (``"app_label.Model"``) under ``key``.

    ``module`` is the module whose enablement decides where the link is usable (the model's app
    by default). The model's primary key must be a UUID. Registering the same pair again is a
    no-op; a key or a model registered twice differently is a configuration error.
    """
    model_class = apps.get_model(model)
    if not isinstance(model_class._meta.pk, models.UUIDField):
        raise ImproperlyConfigured(f"Links need a UUID primary key: {model_class._meta.label} has none.")
    kind = LinkKind(key=key, model_label=model_class._meta.label, module=module or model_class._meta.app_label)
    existing = _kinds.get(key)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"The link key {key!r} is already registered for {existing.model_label}.")
    for other in _kinds.values():
        if other.model_label == kind.model_label and other.key != key:
            raise ImproperlyConfigured(f"{kind.model_label} is already registered as {other.key!r}.")
    _kinds[key] = kind
    pre_delete.connect(_protect_linked_record, sender=model_class, dispatch_uid=f"fotostudio.links.{key}")
    return kind


def unregister_link(key: str) -> None:
    """Undo :func:`register_link` (tests that register a kind of their own)."""
    kind = _kinds.pop(key, None)
    if kind is not None:
        pre_delete.disconnect(sender=kind.model, dispatch_uid=f"fotostudio.links.{key}")


def register_link_holder(model: type[models.Model]) -> None:
    """A model (a :class:`RecordLinkModel`) whose rows point at records: they protect what they point at."""
    if model not in _holders:
        _holders.append(model)


def link_kinds() -> list[LinkKind]:
    """Every registered kind, in key order."""
    return [_kinds[key] for key in sorted(_kinds)]


def link_kind(key: str) -> LinkKind | None:
    return _kinds.get(key)


def link_kind_for_model(model: type[models.Model]) -> LinkKind | None:
    label = model._meta.concrete_model._meta.label
    return next((kind for kind in _kinds.values() if kind.model_label == label), None)


# --- Which kinds a tenant (or a published document) has -------------------------------------------


@contextlib.contextmanager
def documenting(business_type: str | None) -> Iterator[None]:
    """While the API document of ``business_type`` is generated (``None``: the platform's), the kinds
    available are those of every module a business of that type can have, whatever the database says."""
    token = _documented.set(business_type or "")
    try:
        yield
    finally:
        _documented.reset(token)


def current_tenant() -> Any:
    """The tenant of the connection; a bare schema name (``schema_context``) is looked up."""
    tenant = getattr(connection, "tenant", None)
    if tenant is not None and not hasattr(tenant, "business_type"):
        tenant = get_tenant_model().objects.filter(schema_name=tenant.schema_name).first()
    return tenant


def available_kinds(tenant: Any = None) -> list[LinkKind]:
    """The kinds usable by ``tenant`` (the connection's by default): their module is enabled for it."""
    documented = _documented.get()
    if documented is not None:
        return [kind for kind in link_kinds() if documented and kind.serves(documented)]
    tenant = tenant if tenant is not None else current_tenant()
    return [kind for kind in link_kinds() if kind.is_available_for(tenant)]


# --- The stored link --------------------------------------------------------------------------------


class RecordLinkModel(models.Model):
    """The record a row is about: its content type and its UUID (both empty when it is about nothing)."""

    link_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=gettext_lazy("tipo de registro"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    link_id = models.UUIDField(gettext_lazy("registro"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["link_type", "link_id"], name="%(app_label)s_%(class)s_link_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(link_type__isnull=True, link_id__isnull=True)
                | Q(link_type__isnull=False, link_id__isnull=False),
                name="%(app_label)s_%(class)s_link_complete",
            )
        ]


def _content_type(model: type[models.Model]) -> ContentType:
    """The model's content type in the current schema, read by name (one query, no shared cache)."""
    opts = model._meta.concrete_model._meta
    content_type, _created = ContentType.objects.get_or_create(app_label=opts.app_label, model=opts.model_name)
    return content_type


def _lookup(model: type[models.Model], record_id: Any) -> dict[str, Any]:
    opts = model._meta.concrete_model._meta
    return {"link_type__app_label": opts.app_label, "link_type__model": opts.model_name, "link_id": record_id}


def _unavailable(key: str) -> ApplicationError:
    message = _("«%(key)s» no está disponible en este negocio: no se puede vincular a ese tipo de registro.") % {
        "key": key
    }
    return ApplicationError(message, code=LinkErrorCode.UNAVAILABLE, errors={key: [message]})


def link_resolve(ref: LinkRef | None, *, acting_user: Any = None, tenant: Any = None) -> models.Model | None:
    """The record ``ref`` names, checked: registered, enabled for the tenant, in its schema, visible to
    ``acting_user`` (when given). Any problem is an ``ApplicationError`` whose errors name the key."""
    if ref is None:
        return None
    kind = _kinds.get(ref.key)
    if kind is None or kind not in available_kinds(tenant):
        raise _unavailable(ref.key)
    try:
        record_id = ref.record_id if isinstance(ref.record_id, uuid.UUID) else uuid.UUID(str(ref.record_id))
    except ValueError:
        message = _("«%(value)s» no es un identificador válido.") % {"value": str(ref.record_id)[:60]}
        raise ApplicationError(message, code=LinkErrorCode.INVALID, errors={ref.key: [message]}) from None
    record = kind.model._default_manager.filter(pk=record_id).first()
    opts = kind.model._meta
    may_see = acting_user is None or not hasattr(acting_user, "has_perm")
    may_see = may_see or acting_user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    if record is None or not may_see:
        message = _("No existe ningún %(record)s con el id %(id)s.") % {"record": kind.label, "id": record_id}
        raise ApplicationError(message, code=LinkErrorCode.NOT_FOUND, errors={ref.key: [message]})
    return record


def link_set(holder: RecordLinkModel, record: models.Model | None) -> None:
    """Point ``holder`` at ``record`` (or at nothing); the caller saves it."""
    if record is None:
        holder.link_type, holder.link_id = None, None
    else:
        holder.link_type, holder.link_id = _content_type(type(record)), record.pk


def link_kind_of(holder: RecordLinkModel) -> LinkKind | None:
    """The kind of record ``holder`` points at (``None``: nothing, or a kind nobody registers any more).

    Reads ``holder.link_type``: select it with the holder (``select_related("link_type")``)."""
    if holder.link_type_id is None:
        return None
    content_type = holder.link_type
    label = f"{content_type.app_label}.{content_type.model}"
    return next((kind for kind in _kinds.values() if kind.model_label.lower() == label), None)


def linked_records(holders: Iterable[RecordLinkModel]) -> dict[Any, models.Model]:
    """``{holder.pk: the record it points at}``, one query per kind of record among them."""
    wanted: dict[LinkKind, dict[Any, list[Any]]] = {}
    for holder in holders:
        kind = link_kind_of(holder)
        if kind is not None:
            wanted.setdefault(kind, {}).setdefault(holder.link_id, []).append(holder.pk)
    found: dict[Any, models.Model] = {}
    for kind, by_record in wanted.items():
        for record in kind.model._default_manager.filter(pk__in=list(by_record)):
            for holder_pk in by_record[record.pk]:
                found[holder_pk] = record
    return found


def filter_linked_to(queryset: models.QuerySet, kind: LinkKind, record_id: Any) -> models.QuerySet:
    """The rows of ``queryset`` (a holder's) that point at that record."""
    return queryset.filter(**_lookup(kind.model, record_id))


def holders_of(record: models.Model) -> list[models.Model]:
    """Every row of every holder that points at ``record`` (one query per holder model)."""
    lookup = _lookup(type(record), record.pk)
    return [row for holder in _holders for row in holder._default_manager.filter(**lookup).order_by("pk")]


def record_label(record: models.Model) -> str:
    """«Cliente: Ana Pérez (1710034065)»."""
    return f"{capfirst(record._meta.verbose_name)}: {record}"


def _protect_linked_record(sender, instance, **kwargs) -> None:
    """Like a ``PROTECT`` foreign key: a record something points at is not deleted."""
    dependents = holders_of(instance)
    if dependents:
        message = _("Otros registros están vinculados a «%(record)s».") % {"record": instance}
        raise ProtectedError(message, set(dependents))
