"""Every write on clients: create, update, delete and the set-based spreadsheet import.

The rules live here and nowhere else:

- a client is normalised before it is validated (document without separators,
  e-mail in lower case, phone without spaces, city capitalised, a private
  client carries no school data);
- the document is checked against its type (Ecuadorian check digits) and is
  unique in the tenant; a duplicate is a 409 that names the existing client;
- a client that other records depend on cannot be deleted: other modules
  register a *delete blocker* (see :func:`register_delete_blocker`), and a
  database ``PROTECT`` foreign key ends the same way;
- an import validates every row and writes nothing unless all of them are good.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.core.bulk import BulkCreate, ImportResult, ImportRow
from fotostudio.core.documents import compact_document, compact_phone, guess_document_type, validate_document
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import editable_fields, model_update, only_fields

from .models import SCHOOL_FIELD_EMPTY_VALUES, Client, ClientType, SchoolLevel


class ClientErrorCode(StrEnum):
    INVALID = "client_invalid"
    DUPLICATE_DOCUMENT = "client_duplicate_document"
    IN_USE = "client_in_use"
    IMPORT_INVALID = "client_import_invalid"


#: Fields a caller may set; the id, the dates, the author and the search text are the service's.
CLIENT_EDITABLE_FIELDS = editable_fields(Client)

# --- Normalising and validating one client -------------------------------------------------

_SPACES = re.compile(r"\s+")
_LOWERCASE_CITY_WORDS = {"de", "del", "la", "las", "los", "el", "y"}


def _normalise_city(value: str) -> str:
    """``  santo domingo DE LOS tsáchilas`` → ``Santo Domingo de los Tsáchilas`` (one spelling per city)."""
    words = _SPACES.sub(" ", value.strip()).lower().split(" ")
    return " ".join(
        word if index and word in _LOWERCASE_CITY_WORDS else capfirst(word) for index, word in enumerate(words) if word
    )


def _normalise(client: Client) -> None:
    for field in ("name", "address", "contact_name", "contact_role", "notes"):
        value = getattr(client, field) or ""
        setattr(client, field, value.strip() if field == "notes" else _SPACES.sub(" ", value.strip()))
    client.client_type = (client.client_type or "").strip().lower()
    client.document = compact_document(client.document)
    client.document_type = (client.document_type or "").strip().lower() or guess_document_type(client.document) or ""
    client.email = (client.email or "").strip().lower()
    client.phone = compact_phone(client.phone)
    client.city = _normalise_city(client.city or "")
    client.institution_code = compact_document(client.institution_code)
    if client.client_type == ClientType.SCHOOL:
        order = {level: index for index, level in enumerate(SchoolLevel.values)}
        client.levels = sorted(set(client.levels or []), key=lambda level: order.get(level, len(order)))
    else:
        for field, empty in SCHOOL_FIELD_EMPTY_VALUES.items():
            setattr(client, field, list(empty) if isinstance(empty, list) else empty)


def client_validation_errors(client: Client) -> dict[str, list[str]]:
    """Normalise ``client`` in place and return its errors by model field (empty when valid).

    The one definition of a valid client, used by the API, the admin form and the import.
    Uniqueness is not checked here (the callers do it, one query per request or per file).
    """
    _normalise(client)
    errors: dict[str, list[str]] = {}
    try:
        # created_by is set by the service, never typed in: skip its per-row existence query.
        client.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    if "document" not in errors and client.document:
        if not client.document_type:
            errors["document_type"] = [_("Indique el tipo de documento: el número no parece una cédula ni un RUC.")]
        elif "document_type" not in errors:
            try:
                validate_document(client.document_type, client.document)
            except ValidationError as exc:
                errors["document"] = [str(message) for message in exc.messages]
    return errors


def _raise_if_invalid(client: Client) -> None:
    errors = client_validation_errors(client)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code=ClientErrorCode.INVALID, errors=errors)


def _duplicate_message(existing: Client) -> str:
    return _("Ya existe un cliente con el documento %(document)s: %(name)s.") % {
        "document": existing.document,
        "name": existing.name,
    }


def _duplicate_error(existing: Client) -> ConflictError:
    return ConflictError(
        _duplicate_message(existing),
        code=ClientErrorCode.DUPLICATE_DOCUMENT,
        errors={"document": [_("Ya está registrado para %(name)s.") % {"name": existing.name}]},
        extra={"cliente_existente": {"id": str(existing.pk), "nombre": existing.name}},
    )


def client_check_document_available(client: Client) -> None:
    """Raise a 409 naming the client that already holds ``client.document`` (if any)."""
    others = Client.objects.filter(document=client.document)
    if client.pk and not client._state.adding:
        others = others.exclude(pk=client.pk)
    existing = others.only("id", "name", "document").first()
    if existing is not None:
        raise _duplicate_error(existing)


def _save(client: Client, **save_kwargs) -> None:
    """Save; a concurrent request that took the same document first still ends as a named 409."""
    try:
        with transaction.atomic():
            client.save(**save_kwargs)
    except IntegrityError:
        client_check_document_available(client)
        raise


# --- Create, update -------------------------------------------------------------------------


@transaction.atomic
def client_create(*, data: Mapping[str, Any], acting_user=None) -> Client:
    """Register a client from ``data`` (model fields; see ``CLIENT_EDITABLE_FIELDS``).

    ``document_type`` may be left empty for a 10-digit cédula or a 13-digit RUC.
    """
    client = Client(
        **only_fields(data, CLIENT_EDITABLE_FIELDS),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _raise_if_invalid(client)
    client_check_document_available(client)
    _save(client, force_insert=True)
    return client


@transaction.atomic
def client_update(*, client: Client, data: Mapping[str, Any], acting_user=None) -> Client:
    """Change the fields in ``data`` (model fields); only what changed is saved."""

    def clean(client: Client) -> None:
        _raise_if_invalid(client)
        if "document" in data:
            client_check_document_available(client)

    try:
        with transaction.atomic():
            model_update(instance=client, fields=CLIENT_EDITABLE_FIELDS, data=data, clean=clean)
    except IntegrityError:
        client_check_document_available(client)  # a concurrent request took the document: a named 409
        raise
    return client


# --- Delete, and the hook other modules use to stop it ---------------------------------------

#: ``(client) -> iterable of reasons``; an empty result means "no objection".
DeleteBlocker = Callable[[Client], Iterable[str]]
_delete_blockers: list[DeleteBlocker] = []


def register_delete_blocker(blocker: DeleteBlocker) -> DeleteBlocker:
    """Let another module veto deleting a client that its records depend on.

    Call it from the module's ``AppConfig.ready()``; usable as a decorator::

        @register_delete_blocker
        def client_has_orders(client):
            count = Order.objects.filter(client=client).count()
            return [ngettext("tiene %d pedido", "tiene %d pedidos", count) % count] if count else []
    """
    if blocker not in _delete_blockers:
        _delete_blockers.append(blocker)
    return blocker


def unregister_delete_blocker(blocker: DeleteBlocker) -> None:
    if blocker in _delete_blockers:
        _delete_blockers.remove(blocker)


def client_delete_blockers(client: Client) -> list[str]:
    """Why ``client`` cannot be deleted, in words for the user (empty: it can)."""
    return [str(reason) for blocker in list(_delete_blockers) for reason in blocker(client)]


def _in_use_error(client: Client, reasons: Sequence[str]) -> ConflictError:
    return ConflictError(
        _("No se puede eliminar a %(name)s: %(reasons)s. Desactívelo si ya no trabaja con el estudio.")
        % {"name": client.name, "reasons": "; ".join(reasons)},
        code=ClientErrorCode.IN_USE,
        extra={"motivos": list(reasons)},
    )


def _protected_reasons(exc: ProtectedError | RestrictedError) -> list[str]:
    objects = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    counts: dict[type, int] = {}
    for obj in objects:
        counts[type(obj)] = counts.get(type(obj), 0) + 1
    return [
        _("tiene %(count)d %(records)s")
        % {"count": count, "records": model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}
        for model, count in counts.items()
    ]


@transaction.atomic
def client_delete(*, client: Client, acting_user=None) -> None:
    reasons = client_delete_blockers(client)
    if reasons:
        raise _in_use_error(client, reasons)
    try:
        with transaction.atomic():
            client.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise _in_use_error(client, _protected_reasons(exc)) from exc


# --- Import ------------------------------------------------------------------------------------


class ClientImport(BulkCreate):
    """A school's list or an export from another business: every row is a :func:`client_create`."""

    model = Client
    error_code = ClientErrorCode.IMPORT_INVALID
    unique_field = "document"
    conflict_code = ClientErrorCode.DUPLICATE_DOCUMENT
    conflict_message = gettext_lazy(
        "Otro usuario registró alguno de estos documentos mientras se importaba el archivo. Vuelva a intentarlo."
    )

    def build(self, data: dict[str, Any]) -> Client:
        return Client(**data, created_by=self.acting_user)

    def validate(self, client: Client) -> dict[str, list[str]]:
        return client_validation_errors(client)

    def repeated_message(self, value: Any, first_line: int) -> str:
        return _("El documento %(document)s está repetido: ya aparece en la fila %(line)d.") % {
            "document": value,
            "line": first_line,
        }

    def existing_message(self, existing: Client) -> str:
        return _duplicate_message(existing)


def clients_import(*, rows: Sequence[ImportRow], acting_user=None, dry_run: bool = False) -> ImportResult:
    """Create one client per row, all or nothing (:class:`fotostudio.core.bulk.BulkCreate`).

    Every row is validated with the same rules as :func:`client_create`; documents must
    be new to the tenant and appear once in the batch. Any problem raises
    :class:`~fotostudio.core.bulk.ImportRejected` (``client_import_invalid``) listing every
    bad row, and nothing is written. Set-based: one query for the existing documents and
    one INSERT per thousand rows, so thousands of rows take seconds.
    """
    return ClientImport(acting_user=acting_user).run(rows, dry_run=dry_run)
