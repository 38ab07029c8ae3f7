"""Every write on contratos: the rules live here and nowhere else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fotostudio.core.bulk import BulkCreate, ImportResult, ImportRow
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import editable_fields, model_update, only_fields

from .models import Contract


class ContractErrorCode(StrEnum):
    INVALID = "contract_invalid"
    DUPLICATE = "contract_duplicate"
    IMPORT_INVALID = "contract_import_invalid"


#: Fields a caller may set; the id, the dates, the author and the search text are the service's.
CONTRACT_EDITABLE_FIELDS = editable_fields(Contract)


def contract_validation_errors(obj: Contract) -> dict[str, list[str]]:
    """Normalise ``obj`` in place and return its errors by model field (empty when valid)."""
    obj.name = " ".join((obj.name or "").split())
    obj.notes = (obj.notes or "").strip()
    try:
        obj.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {}


def _raise_if_invalid(obj: Contract) -> None:
    errors = contract_validation_errors(obj)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=ContractErrorCode.INVALID, errors=errors)


def _check_name_available(obj: Contract) -> None:
    others = Contract.objects.filter(name__iexact=obj.name).exclude(pk=obj.pk)
    existing = others.first()
    if existing is not None:
        message = _("Ya existe «%(name)s».") % {"name": existing.name}
        raise ConflictError(message, code=ContractErrorCode.DUPLICATE, errors={"name": [message]})


@transaction.atomic
def contract_create(*, data: Mapping[str, Any], acting_user=None) -> Contract:
    obj = Contract(
        **only_fields(data, CONTRACT_EDITABLE_FIELDS),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _raise_if_invalid(obj)
    _check_name_available(obj)
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        _check_name_available(obj)  # a concurrent request took the name: a named 409
        raise
    return obj


@transaction.atomic
def contract_update(*, contract: Contract, data: Mapping[str, Any], acting_user=None) -> Contract:
    def clean(obj: Contract) -> None:
        _raise_if_invalid(obj)
        _check_name_available(obj)

    model_update(instance=contract, fields=CONTRACT_EDITABLE_FIELDS, data=data, clean=clean)
    return contract


@transaction.atomic
def contract_delete(*, contract: Contract, acting_user=None) -> None:
    contract.delete()


class ContractImport(BulkCreate):
    model = Contract
    error_code = ContractErrorCode.IMPORT_INVALID
    unique_field = "name"
    conflict_code = ContractErrorCode.DUPLICATE

    def build(self, data: dict[str, Any]) -> Contract:
        return Contract(**data, created_by=self.acting_user)

    def validate(self, obj: Contract) -> dict[str, list[str]]:
        return contract_validation_errors(obj)


def contracts_import(*, rows: Sequence[ImportRow], acting_user=None, dry_run: bool = False) -> ImportResult:
    """One contrato per row, all or nothing (``fotostudio.core.bulk.BulkCreate``)."""
    return ContractImport(acting_user=acting_user).run(rows, dry_run=dry_run)
