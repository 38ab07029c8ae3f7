"""Every write on the inventory: the rules live here and nowhere else.

Stock changes in one place, :func:`stock_move`: it locks the material (``select_for_update``),
refuses what would leave the stock negative (409, nothing written), writes the movement and the
material's new quantity and weighted average cost in the same transaction. Production, purchases
and adjustments all call it; the import does the same in set-based SQL (``importing.py``).
When the alerts service exists, its low-stock check is one call at the end of :func:`stock_move`
(and of the import), where ``material`` holds the stock after the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fotostudio.alerts.services import alert_raise, alerts_resolve_open, alerts_sync, rules_evaluate_for
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import editable_fields, model_update, only_fields

from .models import (
    ATTRIBUTE_FIELDS,
    CATEGORY_ATTRIBUTES,
    CATEGORY_UNITS,
    INCOMING_KINDS,
    OUTGOING_KINDS,
    Material,
    MaterialCategory,
    MovementKind,
    StockMovement,
)


class InventoryErrorCode(StrEnum):
    INVALID = "material_invalid"
    DUPLICATE = "material_duplicate"
    IN_USE = "material_in_use"
    MOVEMENT_INVALID = "movement_invalid"
    INSUFFICIENT_STOCK = "insufficient_stock"
    INACTIVE = "material_inactive"
    IMPORT_INVALID = "material_import_invalid"
    IMPORT_FILE_INVALID = "import_file_invalid"


#: Fields a caller may set; the category is the endpoint's, stock and average cost are the ledger's.
MATERIAL_EDITABLE_FIELDS = editable_fields(Material)
#: The most a material may cost per unit, and the most one movement or one stock may hold: beyond
#: them a value is a typing mistake (and the columns' precision ends soon after).
MAX_UNIT_COST = Decimal("1000000")
MAX_QUANTITY = Decimal("100000000")
QUANTUM = Decimal("0.001")
COST_QUANTUM = Decimal("0.0001")


def normalise_sku(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def material_validation_errors(material: Material) -> dict[str, list[str]]:
    """Normalise ``material`` in place and return its errors by model field (empty when valid)."""
    material.sku = normalise_sku(material.sku)
    for name in ("name", "supplier", "location", "profile", "colour", "finish", "base", "material_type", "size"):
        setattr(material, name, " ".join((getattr(material, name) or "").split()))
    material.serial_number = (material.serial_number or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        material.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    if material.category in CATEGORY_ATTRIBUTES:
        allowed = CATEGORY_ATTRIBUTES[material.category]
        for name in ATTRIBUTE_FIELDS:
            if name not in allowed and getattr(material, name) not in (None, ""):
                errors.setdefault(name, []).append(
                    _("No corresponde a la categoría «%(category)s».")
                    % {"category": MaterialCategory(material.category).label}
                )
        units = CATEGORY_UNITS.get(material.category)
        if units and material.unit and material.unit not in units:
            errors.setdefault("unit", []).append(
                _("Esta categoría se lleva en %(units)s.") % {"units": ", ".join(str(u) for u in units)}
            )
    if material.unit_cost is not None and material.unit_cost > MAX_UNIT_COST:
        errors.setdefault("unit_cost", []).append(_("El costo no puede pasar de %(max)s.") % {"max": MAX_UNIT_COST})
    for name in ("unit_cost", "minimum_stock", "reorder_quantity", "width_cm", "bar_length_m", "volume_ml"):
        value = getattr(material, name)
        if value is not None and value < 0:
            errors.setdefault(name, []).append(_("No puede ser negativo."))
    for name in ("minimum_stock", "reorder_quantity"):
        value = getattr(material, name)
        if value is not None and value > MAX_QUANTITY:
            errors.setdefault(name, []).append(_("No puede pasar de %(max)s.") % {"max": MAX_QUANTITY})
    return errors


def _raise_if_invalid(material: Material) -> None:
    errors = material_validation_errors(material)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=InventoryErrorCode.INVALID, errors=errors)


def _check_sku_available(material: Material) -> None:
    existing = Material.objects.filter(sku=material.sku).exclude(pk=material.pk).first()
    if existing is not None:
        message = _("Ya existe el material %(sku)s («%(name)s»).") % {"sku": existing.sku, "name": existing.name}
        raise ConflictError(
            message,
            code=InventoryErrorCode.DUPLICATE,
            errors={"sku": [message]},
            extra={"material_existente": {"id": str(existing.pk), "sku": existing.sku, "nombre": existing.name}},
        )


@transaction.atomic
def material_create(*, category: str, data: Mapping[str, Any], acting_user=None) -> Material:
    """A new material of ``category`` (the endpoint's), with no stock: stock arrives through movements."""
    values = only_fields(data, MATERIAL_EDITABLE_FIELDS)
    values.pop("category", None)
    material = Material(
        **values, category=category, created_by=acting_user if getattr(acting_user, "pk", None) else None
    )
    _raise_if_invalid(material)
    _check_sku_available(material)
    try:
        with transaction.atomic():
            material.save(force_insert=True)
    except IntegrityError:
        _check_sku_available(material)  # a concurrent request took the SKU: a named 409
        raise
    return material


@transaction.atomic
def material_update(*, material: Material, data: Mapping[str, Any], acting_user=None) -> Material:
    """Change a material's description; its category, stock and average cost are not the caller's."""
    values = dict(data)
    if "category" in values and values["category"] != material.category:
        message = _("La categoría de un material no cambia: cree otro material.")
        raise ApplicationError(message, code=InventoryErrorCode.INVALID, errors={"category": [message]})
    values.pop("category", None)

    def clean(obj: Material) -> None:
        _raise_if_invalid(obj)
        _check_sku_available(obj)

    model_update(instance=material, fields=MATERIAL_EDITABLE_FIELDS, data=values, clean=clean)
    material_stock_alert_check(material)  # its minimum or its active flag may have changed
    rules_evaluate_for(material, acting_user=acting_user)
    return material


@transaction.atomic
def material_delete(*, material: Material, acting_user=None) -> None:
    """Only a material that never moved: one with movements is deactivated instead (409)."""
    locked = Material.objects.select_for_update().get(pk=material.pk)
    if locked.movements.exists():
        raise ConflictError(
            _("«%(name)s» tiene movimientos de inventario: no se puede eliminar. Desactívelo.") % {"name": locked.name},
            code=InventoryErrorCode.IN_USE,
        )
    locked.delete()


def _decimal(value: Any, field: str, quantum: Decimal) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite():
        message = _("Escriba un número.")
        raise ApplicationError(message, code=InventoryErrorCode.MOVEMENT_INVALID, errors={field: [message]})
    return number.quantize(quantum, rounding=ROUND_HALF_UP)


def _movement_error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code=InventoryErrorCode.MOVEMENT_INVALID, errors={field: [message]})


def stock_move(
    *,
    material: Material | Any,
    kind: str,
    quantity: Decimal | str | int,
    unit_cost: Decimal | str | None = None,
    reference: str = "",
    note: str = "",
    acting_user=None,
    at=None,
) -> StockMovement:
    """The one way stock changes: a movement of ``quantity`` (signed: + in, − out) on ``material``.

    Inside the caller's transaction (or its own): the material's row is locked, so concurrent
    movements run one after another and each sees the stock the previous one left. A movement
    that would leave the stock negative is refused with a 409 and writes nothing. Incoming stock
    with a cost (purchases, opening stock, a positive adjustment with a cost) moves the weighted
    average cost; everything else is valued at the current average. ``at`` backdates the movement
    (history entered afterwards, the demo); it is never the caller's in the API.
    """
    material_id = getattr(material, "pk", material)
    if kind not in MovementKind.values:
        raise _movement_error("kind", _("Tipo de movimiento no válido."))
    amount = _decimal(quantity, "quantity", QUANTUM)
    if amount == 0:
        raise _movement_error("quantity", _("La cantidad no puede ser cero."))
    if abs(amount) > MAX_QUANTITY:
        raise _movement_error("quantity", _("La cantidad no puede pasar de %(max)s.") % {"max": MAX_QUANTITY})
    if kind in INCOMING_KINDS and amount < 0:
        raise _movement_error("quantity", _("Este tipo de movimiento suma existencias: la cantidad es positiva."))
    if kind in OUTGOING_KINDS and amount > 0:
        amount = -amount  # a consumption of 3 is written as −3
    cost = None if unit_cost in (None, "") else _decimal(unit_cost, "unit_cost", COST_QUANTUM)
    if cost is not None and (cost < 0 or cost > MAX_UNIT_COST):
        raise _movement_error("unit_cost", _("El costo debe estar entre 0 y %(max)s.") % {"max": MAX_UNIT_COST})
    with transaction.atomic():
        try:
            locked = Material.objects.select_for_update().get(pk=material_id)
        except Material.DoesNotExist:
            raise _movement_error("material", _("El material no existe.")) from None
        if amount > 0 and not locked.is_active and kind in (MovementKind.PURCHASE, MovementKind.OPENING):
            raise ConflictError(
                _("«%(name)s» está desactivado: actívelo antes de comprar.") % {"name": locked.name},
                code=InventoryErrorCode.INACTIVE,
            )
        new_quantity = locked.quantity_on_hand + amount
        if new_quantity < 0:
            raise ConflictError(
                _("No hay suficiente «%(name)s»: hay %(available)s %(unit)s y se piden %(asked)s.")
                % {
                    "name": locked.name,
                    "available": locked.quantity_on_hand.normalize(),
                    "unit": locked.get_unit_display(),
                    "asked": (-amount).normalize(),
                },
                code=InventoryErrorCode.INSUFFICIENT_STOCK,
                extra={"disponible": str(locked.quantity_on_hand), "solicitado": str(-amount)},
            )
        priced = (MovementKind.PURCHASE, MovementKind.OPENING, MovementKind.ADJUSTMENT)
        if amount > 0 and cost is not None and kind in priced:
            value = locked.quantity_on_hand * locked.average_cost + amount * cost
            locked.average_cost = (value / new_quantity).quantize(COST_QUANTUM, rounding=ROUND_HALF_UP)
            movement_cost = cost
        else:
            movement_cost = locked.average_cost or locked.unit_cost
            if locked.quantity_on_hand == 0 and amount > 0:
                locked.average_cost = movement_cost
        locked.quantity_on_hand = new_quantity
        movement = StockMovement.objects.create(
            material=locked,
            kind=kind,
            quantity=amount,
            unit_cost=movement_cost,
            balance_after=new_quantity,
            reference=" ".join((reference or "").split())[:200],
            note=" ".join((note or "").split())[:300],
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
            **({"created_at": at} if at is not None else {}),
        )
        locked.save(update_fields=["quantity_on_hand", "average_cost", "updated_at"])
        material_stock_alert_check(locked)
        rules_evaluate_for(locked, acting_user=acting_user)
    if isinstance(material, Material):
        material.quantity_on_hand, material.average_cost = locked.quantity_on_hand, locked.average_cost
    return movement


#: What a person may register by hand (API, admin); production registers consumption, waste and offcuts.
MANUAL_KINDS = (MovementKind.ADJUSTMENT, MovementKind.PURCHASE, MovementKind.RETURN)


def movement_create(*, data: Mapping[str, Any], acting_user=None) -> StockMovement:
    """A movement typed by a person: an adjustment (signed), a purchase or a return to stock.

    Consumption, waste and offcuts come from registering production, opening stock from the import.
    """
    kind = data.get("kind") or MovementKind.ADJUSTMENT
    if kind not in MANUAL_KINDS:
        raise _movement_error(
            "kind",
            _(
                "Aquí se registran ajustes, compras y devoluciones; "
                "el consumo, la merma y los retazos vienen de producción."
            ),
        )
    if kind == MovementKind.ADJUSTMENT and not (data.get("note") or "").strip():
        raise _movement_error("note", _("Explique el motivo del ajuste."))
    if data.get("material") is None:
        raise _movement_error("material", _("Elija el material."))
    return stock_move(
        material=data["material"],
        kind=kind,
        quantity=data.get("quantity"),
        unit_cost=data.get("unit_cost"),
        reference=data.get("reference") or "",
        note=data.get("note") or "",
        acting_user=acting_user,
    )


# --- Low-stock alerts ------------------------------------------------------------------------------------

LOW_STOCK_ALERT_TYPE = "STOCK_BAJO"
LOW_STOCK_JOB = "inventory.low_stock_alerts"


def _low_stock_description(material: Material) -> str:
    return _("«%(name)s» (%(sku)s): quedan %(stock)s %(unit)s y el mínimo es %(minimum)s.") % {
        "name": material.name,
        "sku": material.sku,
        "stock": f"{material.quantity_on_hand.normalize():f}",
        "unit": material.get_unit_display(),
        "minimum": f"{material.minimum_stock.normalize():f}",
    }


def _restocked_comment() -> str:
    return _("Resuelta sola: el stock volvió a superar el mínimo.")


def _low_stock_priority(material: Material) -> str:
    return "ALTA" if material.quantity_on_hand <= 0 else "MEDIA"


def material_stock_alert_check(material: Material) -> None:
    """One open «stock bajo» alert while the material is at or below its minimum; resolved once restocked."""
    from .selectors import low_stock_condition

    if Material.objects.filter(low_stock_condition(), pk=material.pk).exists():
        alert_raise(
            alert_type=LOW_STOCK_ALERT_TYPE,
            priority=_low_stock_priority(material),
            description=_low_stock_description(material),
            link=material,
        )
    else:
        alerts_resolve_open(alert_type=LOW_STOCK_ALERT_TYPE, link=material, comment=_restocked_comment())


def low_stock_alerts_start(*, acting_user=None):
    """The sync as a job, started in the caller's transaction (an import's alerts must not slow the import)."""
    from fotostudio.jobs.services import job_start

    try:
        with transaction.atomic():  # a savepoint: a refused start leaves the caller's transaction usable
            return job_start(kind=LOW_STOCK_JOB, title=_("Alertas de stock bajo"), payload={}, acting_user=acting_user)
    except ConflictError:
        return None  # one is already waiting in the queue: it will see this import's stock too


def low_stock_alerts_sync() -> dict[str, int]:
    """Every material at once (after an import, and each morning): raise the missing alerts, resolve the stale."""
    from .selectors import low_stock_materials

    low = list(low_stock_materials())
    result = alerts_sync(
        alert_type=LOW_STOCK_ALERT_TYPE,
        records=low,
        describe=_low_stock_description,
        priority=_low_stock_priority,
        resolved_comment=_restocked_comment(),
    )
    return {"bajo_minimo": len(low), **result}
