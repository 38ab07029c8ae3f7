"""Every write on productos: the rules live here and nowhere else."""

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

from .models import Product


class ProductErrorCode(StrEnum):
    INVALID = "product_invalid"
    DUPLICATE = "product_duplicate"
    IMPORT_INVALID = "product_import_invalid"


#: Fields a caller may set; the id, the dates, the author and the search text are the service's.
PRODUCT_EDITABLE_FIELDS = editable_fields(Product)


def product_validation_errors(obj: Product) -> dict[str, list[str]]:
    """Normalise ``obj`` in place and return its errors by model field (empty when valid)."""
    obj.name = " ".join((obj.name or "").split())
    obj.notes = (obj.notes or "").strip()
    try:
        obj.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {}


def _raise_if_invalid(obj: Product) -> None:
    errors = product_validation_errors(obj)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=ProductErrorCode.INVALID, errors=errors)


def _check_name_available(obj: Product) -> None:
    others = Product.objects.filter(name__iexact=obj.name).exclude(pk=obj.pk)
    existing = others.first()
    if existing is not None:
        message = _("Ya existe «%(name)s».") % {"name": existing.name}
        raise ConflictError(message, code=ProductErrorCode.DUPLICATE, errors={"name": [message]})


@transaction.atomic
def product_create(*, data: Mapping[str, Any], acting_user=None) -> Product:
    obj = Product(
        **only_fields(data, PRODUCT_EDITABLE_FIELDS),
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
def product_update(*, product: Product, data: Mapping[str, Any], acting_user=None) -> Product:
    def clean(obj: Product) -> None:
        _raise_if_invalid(obj)
        _check_name_available(obj)

    model_update(instance=product, fields=PRODUCT_EDITABLE_FIELDS, data=data, clean=clean)
    return product


@transaction.atomic
def product_delete(*, product: Product, acting_user=None) -> None:
    product.delete()


class ProductImport(BulkCreate):
    model = Product
    error_code = ProductErrorCode.IMPORT_INVALID
    unique_field = "name"
    conflict_code = ProductErrorCode.DUPLICATE

    def build(self, data: dict[str, Any]) -> Product:
        return Product(**data, created_by=self.acting_user)

    def validate(self, obj: Product) -> dict[str, list[str]]:
        return product_validation_errors(obj)


def products_import(*, rows: Sequence[ImportRow], acting_user=None, dry_run: bool = False) -> ImportResult:
    """One producto per row, all or nothing (``fotostudio.core.bulk.BulkCreate``)."""
    return ProductImport(acting_user=acting_user).run(rows, dry_run=dry_run)
