"""Every write on finished products: the rules live here and nowhere else.

- A product's code is unique in the business; left empty, it takes the next «producto» number
  (``PRD-2026-00001``) in the transaction that saves it.
- Its status moves only along :data:`TRANSITIONS`; «VENDIDO» is reached only by :func:`product_sell`,
  which records the sale (when, price, client, who) under a row lock: selling twice, or two sales at once,
  leave exactly one sale and the other is a 409.
- «ENTREGADO» puts the product in the location «entregado», and nothing else may be there.
- A sold product is a record of revenue: it cannot be deleted.
- Its origin (the production order that made it, or the customer order it is for) is a link
  (``fotostudio.core.links``) under one of :data:`ORIGIN_LINK_KEYS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.configuration.services import number_next
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.links import LinkRef, link_resolve, link_set
from fotostudio.core.services import editable_fields, model_update, only_fields

from .models import SELLABLE_STATUSES, SOLD_STATUSES, Product, ProductLocation, ProductStatus

#: The numbering kind of products (``numbering_settings("producto", …)`` in apps.py).
NUMBERING_KIND = "producto"
#: What a product may point at: the production order that made it or the customer order it is for. Those
#: records belong to other modules, which register these keys; until then a key is a 400 "not available".
ORIGIN_LINK_KEYS = ("produccion", "pedido")


class ProductErrorCode(StrEnum):
    INVALID = "product_invalid"
    DUPLICATE = "product_duplicate_code"
    TRANSITION = "product_transition_invalid"
    ALREADY_SOLD = "product_already_sold"
    NOT_SELLABLE = "product_not_sellable"
    SOLD = "product_sold"
    IN_USE = "product_in_use"
    ORIGIN_INVALID = "product_origin_invalid"


#: Where each status may go by an update (``VENDIDO`` only through :func:`product_sell`).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProductStatus.IN_PRODUCTION: (ProductStatus.AVAILABLE, ProductStatus.RESERVED),
    ProductStatus.AVAILABLE: (ProductStatus.RESERVED, ProductStatus.IN_PRODUCTION),
    ProductStatus.RESERVED: (ProductStatus.AVAILABLE,),
    ProductStatus.SOLD: (ProductStatus.DELIVERED,),
    ProductStatus.DELIVERED: (),
}
#: The statuses a product may be created in (a sale is recorded by selling it).
CREATION_STATUSES = (ProductStatus.IN_PRODUCTION, ProductStatus.AVAILABLE, ProductStatus.RESERVED)

#: Fields a caller may set; the id, the dates, the author, the sale and the search text are the service's.
PRODUCT_EDITABLE_FIELDS = editable_fields(Product)


def _label(status: str) -> str:
    return str(ProductStatus(status).label)


def product_validation_errors(product: Product) -> dict[str, list[str]]:
    """Normalise ``product`` in place and return its errors by model field (empty when valid)."""
    product.code = "".join((product.code or "").split()).upper()
    product.description = " ".join((product.description or "").split())
    product.notes = (product.notes or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        product.full_clean(
            exclude=["created_by", "code", "sold_to", "sold_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    if (product.width_cm is None) != (product.height_cm is None):
        missing = "height_cm" if product.height_cm is None else "width_cm"
        errors.setdefault(missing, []).append(_("Indique el ancho y el alto, o ninguno de los dos."))
    for field in ("width_cm", "height_cm"):
        value = getattr(product, field)
        if value is not None and value <= 0 and field not in errors:
            errors[field] = [_("Debe ser mayor que cero.")]
    for field in ("cost", "sale_price"):
        value = getattr(product, field)
        if value is not None and value < 0 and field not in errors:
            errors[field] = [_("No puede ser negativo.")]
    if product.location == ProductLocation.DELIVERED and product.status != ProductStatus.DELIVERED:
        errors.setdefault("location", []).append(_("Solo un producto entregado está en «entregado»."))
    if product.status == ProductStatus.DELIVERED and product.location != ProductLocation.DELIVERED:
        errors.setdefault("location", []).append(_("Un producto entregado está en «entregado»."))
    return errors


def _raise_if_invalid(product: Product) -> None:
    errors = product_validation_errors(product)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=ProductErrorCode.INVALID, errors=errors)


def _duplicate_error(existing: Product) -> ConflictError:
    message = _("Ya existe un producto con el código %(code)s: «%(description)s».") % {
        "code": existing.code,
        "description": existing.description,
    }
    return ConflictError(
        message,
        code=ProductErrorCode.DUPLICATE,
        errors={"code": [message]},
        extra={"producto_existente": str(existing.pk)},
    )


def _check_code_available(product: Product) -> None:
    existing = Product.objects.filter(code=product.code).exclude(pk=product.pk).first()
    if existing is not None:
        raise _duplicate_error(existing)


def _save(product: Product, **save_kwargs) -> None:
    _check_code_available(product)
    try:
        with transaction.atomic():
            product.save(**save_kwargs)
    except IntegrityError:
        _check_code_available(product)  # a concurrent request took the code: a named 409
        raise


def _origin_record(origin: LinkRef | None, acting_user) -> Any:
    if origin is not None and origin.key not in ORIGIN_LINK_KEYS:
        message = _("Un producto solo puede venir de: %(keys)s.") % {"keys": ", ".join(ORIGIN_LINK_KEYS)}
        raise ApplicationError(message, code=ProductErrorCode.ORIGIN_INVALID, errors={origin.key: [message]})
    return link_resolve(origin, acting_user=acting_user)


_UNSET = object()


@transaction.atomic
def product_create(*, data: Mapping[str, Any], origin: LinkRef | None = None, acting_user=None) -> Product:
    """A new product; ``origin`` is the production order or customer order it comes from (or nothing)."""
    product = Product(
        **only_fields(data, PRODUCT_EDITABLE_FIELDS),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    if product.status not in CREATION_STATUSES:
        message = _("Un producto nuevo está en producción, disponible o reservado; para venderlo use «vender».")
        raise ApplicationError(message, code=ProductErrorCode.INVALID, errors={"status": [message]})
    _raise_if_invalid(product)
    link_set(product, _origin_record(origin, acting_user))
    if not product.code:
        product.code = number_next(NUMBERING_KIND)
    _save(product, force_insert=True)
    return product


def _check_transition(product: Product, new_status: str) -> None:
    old = product.status
    if new_status == old:
        return
    if new_status == ProductStatus.SOLD:
        message = _("Para marcar un producto como vendido, regístrelo con «vender» (precio y cliente).")
    elif new_status not in TRANSITIONS.get(old, ()):
        allowed = ", ".join(_label(status) for status in TRANSITIONS.get(old, ())) or _("ninguno")
        message = _("Un producto «%(old)s» no puede pasar a «%(new)s» (puede pasar a: %(allowed)s).") % {
            "old": _label(old),
            "new": _label(new_status),
            "allowed": allowed,
        }
    else:
        return
    raise ConflictError(message, code=ProductErrorCode.TRANSITION, errors={"status": [message]})


@transaction.atomic
def product_update(
    *, product: Product, data: Mapping[str, Any], origin: LinkRef | None | object = _UNSET, acting_user=None
) -> Product:
    """Change a product. A status change follows :data:`TRANSITIONS` (checked on the locked row); delivering it
    moves it to «entregado». ``origin``: a new origin, ``None`` to clear it, left out to keep it."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    data = dict(data)
    new_status = data.get("status", locked.status)
    _check_transition(locked, new_status)
    if new_status == ProductStatus.DELIVERED and locked.status != ProductStatus.DELIVERED:
        data["location"] = ProductLocation.DELIVERED
    # the stored status is what the rules compare against (a stale form must not skip a step)
    product.status, product.sold_at, product.sold_price = locked.status, locked.sold_at, locked.sold_price
    product.sold_to_id, product.sold_by_id = locked.sold_to_id, locked.sold_by_id
    if origin is not _UNSET:
        record = _origin_record(origin, acting_user)  # type: ignore[arg-type]
        link_set(product, record)
        product.save(update_fields=["link_type", "link_id", "updated_at"])

    def clean(obj: Product) -> None:
        _raise_if_invalid(obj)
        if not obj.code:
            raise ApplicationError(
                _("El código no puede quedar vacío."),
                code=ProductErrorCode.INVALID,
                errors={"code": [_("El código no puede quedar vacío.")]},
            )
        _check_code_available(obj)

    try:
        with transaction.atomic():
            model_update(instance=product, fields=PRODUCT_EDITABLE_FIELDS, data=data, clean=clean)
    except IntegrityError:
        _check_code_available(product)
        raise
    return product


@transaction.atomic
def product_sell(
    *,
    product: Product,
    client: Any = None,
    price: Decimal | None = None,
    acting_user=None,
) -> Product:
    """Sell ``product`` (available or reserved): records when, for how much (its sale price unless ``price``
    is given), to whom and by whom. The row is locked first: of two sales at once, the second finds it sold."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if locked.status in SOLD_STATUSES:
        message = _("El producto %(code)s ya se vendió el %(date)s.") % {
            "code": locked.code,
            "date": timezone.localtime(locked.sold_at).strftime("%d/%m/%Y %H:%M"),
        }
        raise ConflictError(message, code=ProductErrorCode.ALREADY_SOLD)
    if locked.status not in SELLABLE_STATUSES:
        message = _("Solo se vende un producto disponible o reservado; %(code)s está «%(status)s».") % {
            "code": locked.code,
            "status": _label(locked.status),
        }
        raise ConflictError(message, code=ProductErrorCode.NOT_SELLABLE)
    price = locked.sale_price if price is None else price
    if price < 0:
        message = _("No puede ser negativo.")
        raise ApplicationError(message, code=ProductErrorCode.INVALID, errors={"price": [message]})
    locked.status = ProductStatus.SOLD
    locked.sold_at = timezone.now()
    locked.sold_price = price
    locked.sold_to = client
    locked.sold_by = acting_user if getattr(acting_user, "pk", None) else None
    locked.save(update_fields=["status", "sold_at", "sold_price", "sold_to", "sold_by", "updated_at"])
    return locked


@transaction.atomic
def product_delete(*, product: Product, acting_user=None) -> None:
    """Delete a product that was never sold (a sale is a revenue record) and that nothing points at."""
    if product.status in SOLD_STATUSES:
        raise ConflictError(
            _("El producto %(code)s ya se vendió: su venta es parte de los ingresos y no se elimina.")
            % {"code": product.code},
            code=ProductErrorCode.SOLD,
        )
    try:
        with transaction.atomic():
            product.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ConflictError(
            _("No se puede eliminar el producto %(code)s: %(reason)s") % {"code": product.code, "reason": exc.args[0]},
            code=ProductErrorCode.IN_USE,
        ) from exc
