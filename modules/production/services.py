"""Every write on production orders: the rules live here and nowhere else.

- The number comes from the business's numbering (``produccion``: ``OP-2026-00001``), taken inside the
  transaction that saves the order: consecutive, no gaps, no duplicates under concurrency.
- A frame's moulding need is :func:`moulding_need`: the perimeter plus a margin per mitre (4 mitres, the
  margin a setting), in metres, times the pieces. An order created without planned lines gets them proposed.
- The status moves along :data:`TRANSITIONS` on a locked row; «COMPLETADA» is reached only by registering
  production; a completed or cancelled order keeps everything but its notes.
- :func:`production_register` writes consumption, waste, offcuts and the finished products in ONE
  transaction: the order and its materials are locked first (materials by id: two registrations lock in the
  same order and never deadlock), every stock is checked before anything is written (409 naming the material,
  what is needed and what there is), then the ledger is written through the inventory's ``stock_move``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.alerts.services import alert_raise, rules_evaluate_for
from fotostudio.configuration.selectors import setting_value
from fotostudio.configuration.services import number_next
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.links import LinkRef
from fotostudio.core.services import editable_fields, model_update, only_fields
from modules.inventory.models import Material, MaterialCategory, MovementKind
from modules.inventory.services import stock_move
from modules.products.models import ProductLocation, ProductStatus
from modules.products.services import product_create

from .apps import MIN_OFFCUT, MITRE_ALLOWANCE, WASTE_THRESHOLD
from .models import (
    ZERO,
    EntryKind,
    PlannedMaterial,
    ProductionEntry,
    ProductionOrder,
    ProductionStatus,
    WasteReason,
)

#: The document kind of the business's numbering (``OP-2026-00001``).
NUMBER_KIND = "produccion"
MITRES = 4
QUANTUM = Decimal("0.001")
MONEY = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_QUANTITY = Decimal("100000")
MAX_LINES = 100
MAX_PRODUCTS = 50
WASTE_ALERT_TYPE = "MERMA"


class ProductionErrorCode(StrEnum):
    INVALID = "production_order_invalid"
    LINE_INVALID = "production_line_invalid"
    TRANSITION = "production_transition_invalid"
    CLOSED = "production_order_closed"
    NOT_OPEN = "production_not_open"
    REGISTER_INVALID = "production_register_invalid"
    INSUFFICIENT_STOCK = "insufficient_stock"


#: Where each status may go by an update; «COMPLETADA» only by registering production.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProductionStatus.PLANNED: (ProductionStatus.IN_PROGRESS, ProductionStatus.CANCELLED),
    ProductionStatus.IN_PROGRESS: (ProductionStatus.PLANNED, ProductionStatus.CANCELLED),
    ProductionStatus.COMPLETED: (),
    ProductionStatus.CANCELLED: (),
}
#: What a completed or cancelled order still lets change.
CLOSED_EDITABLE_FIELDS = ("notes",)

ORDER_EDITABLE_FIELDS = editable_fields(ProductionOrder)
PLANNED_FIELDS = editable_fields(PlannedMaterial, exclude=["order"])


def _author(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _errors_of(obj, *, exclude: Sequence[str] = ()) -> dict[str, list[str]]:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {}


def _raise(errors: dict[str, list[str]], code: StrEnum) -> None:
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=code, errors=errors)


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}"


# --- Planning ----------------------------------------------------------------------------------------------


def moulding_need(*, width_cm: Decimal, height_cm: Decimal, pieces: int = 1) -> Decimal:
    """Metres of moulding for ``pieces`` frames of ``width_cm`` × ``height_cm``: the perimeter plus the
    configured margin for each of the 4 mitres (``produccion.margen_inglete_cm``)."""
    allowance = Decimal(str(setting_value(MITRE_ALLOWANCE)))
    per_frame = 2 * (Decimal(width_cm) + Decimal(height_cm)) + MITRES * allowance
    return (per_frame * pieces / HUNDRED).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def planned_materials_proposed(order: ProductionOrder) -> list[dict[str, Any]]:
    """The lines an order needs when none are given: the moulding (:func:`moulding_need`) and one glass,
    mat and backing per piece."""
    lines = []
    if order.moulding_id and order.width_cm and order.height_cm:
        need = moulding_need(width_cm=order.width_cm, height_cm=order.height_cm, pieces=order.quantity or 1)
        lines.append({"material": order.moulding, "quantity": need, "notes": _("Perímetro + 4 ingletes")})
    for field in ("glass", "mat", "backing"):
        material = getattr(order, field)
        if material is not None:
            lines.append({"material": material, "quantity": Decimal(order.quantity or 1), "notes": ""})
    return lines


def _validate_order(order: ProductionOrder) -> None:
    order.description = " ".join((order.description or "").split())
    order.notes = (order.notes or "").strip()
    errors = _errors_of(order, exclude=["created_by", "number", "customer_order", "responsible"])
    if (order.width_cm is None) != (order.height_cm is None):
        missing = "height_cm" if order.height_cm is None else "width_cm"
        errors.setdefault(missing, []).append(_("Indique el ancho y el alto, o ninguno de los dos."))
    for field in ("width_cm", "height_cm"):
        value = getattr(order, field)
        if value is not None and value <= 0 and field not in errors:
            errors[field] = [_("Debe ser mayor que cero.")]
    if order.moulding_id and order.moulding.category != MaterialCategory.MOULDING:
        errors.setdefault("moulding", []).append(_("La moldura debe ser un material de la categoría varillas."))
    if order.planned_start and order.planned_end and order.planned_end < order.planned_start:
        errors.setdefault("planned_end", []).append(_("El fin planificado no puede ser anterior al inicio."))
    if order.responsible_id and not order.responsible.is_active:
        errors.setdefault("responsible", []).append(_("El responsable no es un usuario activo."))
    _raise(errors, ProductionErrorCode.INVALID)


def _build_planned(order: ProductionOrder, lines: Sequence[Mapping[str, Any]]) -> list[PlannedMaterial]:
    built, errors = [], []
    if len(lines) > MAX_LINES:
        errors.append(_("Como máximo %(max)d materiales.") % {"max": MAX_LINES})
    for index, values in enumerate(lines[:MAX_LINES], 1):
        line = PlannedMaterial(order=order, position=index, **only_fields(values, PLANNED_FIELDS))
        line.notes = " ".join((line.notes or "").split())
        line_errors = _errors_of(line, exclude=["order"])
        quantity = line.quantity
        if "quantity" not in line_errors and quantity is not None and not ZERO < quantity <= MAX_QUANTITY:
            line_errors["quantity"] = [_("Debe ser mayor que cero y no pasar de %(max)s.") % {"max": MAX_QUANTITY}]
        for field, messages in line_errors.items():
            label = PlannedMaterial._meta.get_field(field).verbose_name if field != "__all__" else ""
            errors.extend(
                _("Línea %(number)d, %(field)s: %(message)s") % {"number": index, "field": label, "message": message}
                for message in messages
            )
        built.append(line)
    _raise({"planned_materials": errors} if errors else {}, ProductionErrorCode.LINE_INVALID)
    return built


def _replace_planned(order: ProductionOrder, lines: Sequence[Mapping[str, Any]]) -> list[PlannedMaterial]:
    built = _build_planned(order, lines)
    order.planned_materials.all().delete()
    PlannedMaterial.objects.bulk_create(built)
    return built


@transaction.atomic
def production_order_create(
    *, data: Mapping[str, Any], planned_materials: Sequence[Mapping[str, Any]] | None = None, acting_user=None
) -> ProductionOrder:
    """A new order, numbered in this transaction, with its planned materials (proposed when none are given)."""
    values = only_fields(data, ORDER_EDITABLE_FIELDS)
    status = values.pop("status", ProductionStatus.PLANNED) or ProductionStatus.PLANNED
    if status not in (ProductionStatus.PLANNED, ProductionStatus.IN_PROGRESS):
        message = _("Una orden nueva está planificada o en proceso; se completa registrando la producción.")
        raise ApplicationError(message, code=ProductionErrorCode.INVALID, errors={"status": [message]})
    order = ProductionOrder(**values, status=status, created_by=_author(acting_user))
    _validate_order(order)
    if status == ProductionStatus.IN_PROGRESS:
        order.started_at = timezone.now()
    lines = list(planned_materials or ()) or planned_materials_proposed(order)
    built = _build_planned(order, lines)
    order.number = number_next(NUMBER_KIND)
    order.save(force_insert=True)
    PlannedMaterial.objects.bulk_create(built)
    return order


def _lock(order: ProductionOrder) -> ProductionOrder:
    return ProductionOrder.objects.select_for_update().get(pk=order.pk)


def _label(status: str) -> str:
    return str(ProductionStatus(status).label).lower()


def _check_transition(locked: ProductionOrder, new_status: str) -> None:
    if new_status == locked.status:
        return
    if new_status == ProductionStatus.COMPLETED:
        message = _("Una orden se completa registrando su producción (consumo, merma, retazos y productos).")
    elif new_status not in TRANSITIONS[locked.status]:
        allowed = ", ".join(_label(status) for status in TRANSITIONS[locked.status]) or _("ninguno")
        message = _("Una orden %(old)s no puede pasar a %(new)s (puede pasar a: %(allowed)s).") % {
            "old": _label(locked.status),
            "new": _label(new_status),
            "allowed": allowed,
        }
    else:
        return
    raise ConflictError(message, code=ProductionErrorCode.TRANSITION, errors={"status": [message]})


@transaction.atomic
def production_order_update(
    *,
    order: ProductionOrder,
    data: Mapping[str, Any],
    planned_materials: Sequence[Mapping[str, Any]] | None = None,
    acting_user=None,
) -> ProductionOrder:
    """Change an order; a status change follows :data:`TRANSITIONS` (checked on the locked row). ``planned_materials``
    replaces the planned lines when given. A completed or cancelled order only lets its notes change."""
    locked = _lock(order)
    values = only_fields(data, ORDER_EDITABLE_FIELDS)
    changing = [field for field, value in values.items() if getattr(locked, field) != value]
    if planned_materials is not None:
        changing.append("planned_materials")
    frozen = [field for field in changing if field not in CLOSED_EDITABLE_FIELDS]
    if not locked.is_open and frozen:
        message = _("La orden %(number)s está %(status)s: solo pueden cambiar sus notas.") % {
            "number": locked.number,
            "status": _label(locked.status),
        }
        raise ConflictError(message, code=ProductionErrorCode.CLOSED, errors={frozen[0]: [message]})
    new_status = values.get("status", locked.status)
    _check_transition(locked, new_status)
    if new_status != locked.status:
        if new_status == ProductionStatus.IN_PROGRESS and locked.started_at is None:
            locked.started_at = timezone.now()
            locked.save(update_fields=["started_at", "updated_at"])
        if new_status == ProductionStatus.CANCELLED:
            locked.cancelled_at = timezone.now()
            locked.save(update_fields=["cancelled_at", "updated_at"])
    model_update(instance=locked, fields=ORDER_EDITABLE_FIELDS, data=values, clean=_validate_order)
    if planned_materials is not None:
        _replace_planned(locked, planned_materials)
    order.__dict__.update(locked.__dict__)
    return order


def production_order_transition(*, order: ProductionOrder, status: str, acting_user=None) -> ProductionOrder:
    """One status step (the admin's actions): the same rules as an update."""
    return production_order_update(order=order, data={"status": status}, acting_user=acting_user)


# --- Registering production ------------------------------------------------------------------------------


def _line_error(errors: dict[str, list[str]], field: str, index: int, message: str) -> None:
    errors.setdefault(field, []).append(_("Línea %(number)d: %(message)s") % {"number": index, "message": message})


def _parse_lines(
    lines: Sequence[Mapping[str, Any]],
    field: str,
    errors: dict[str, list[str]],
    materials: dict[Any, Material],
    *,
    amount_key: str = "quantity",
) -> list[dict[str, Any]]:
    parsed = []
    if len(lines) > MAX_LINES:
        errors.setdefault(field, []).append(_("Como máximo %(max)d líneas.") % {"max": MAX_LINES})
        return parsed
    for index, values in enumerate(lines, 1):
        material_id = _material_key(values.get("material"))
        if values.get("material") in (None, ""):
            _line_error(errors, field, index, _("Indique el material."))
            continue
        if material_id not in materials:
            _line_error(errors, field, index, _("El material no existe."))
            continue
        amount = _number(values.get(amount_key))
        if amount is None:
            _line_error(errors, field, index, _("Escriba un número."))
            continue
        amount = amount.quantize(QUANTUM, rounding=ROUND_HALF_UP)
        if not ZERO < amount <= MAX_QUANTITY:
            _line_error(
                errors, field, index, _("Debe ser mayor que cero y no pasar de %(max)s.") % {"max": MAX_QUANTITY}
            )
            continue
        parsed.append({**values, "material": materials[material_id], amount_key: amount, "index": index})
    return parsed


def _material_key(value: Any) -> Any:
    """A material's id from a row, an id or its text; ``None`` when it cannot be one."""
    value = getattr(value, "pk", value)
    if value is None:
        return None
    try:
        return Material._meta.pk.to_python(value)
    except ValidationError:
        return None


def _load_materials(*groups: Sequence[Mapping[str, Any]]) -> dict[Any, Material]:
    ids = {key for lines in groups for values in lines if (key := _material_key(values.get("material"))) is not None}
    # Locked in a stable order (by id): two registrations on the same materials queue instead of deadlocking.
    return {
        material.pk: material for material in Material.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }


def _check_stock(needed: dict[Any, Decimal], materials: dict[Any, Material]) -> None:
    short = []
    for material_id in sorted(needed, key=str):
        material = materials[material_id]
        if needed[material_id] > material.quantity_on_hand:
            short.append((material, needed[material_id]))
    if not short:
        return
    parts = [
        _("«%(name)s» (%(sku)s): se necesitan %(needed)s %(unit)s y hay %(available)s")
        % {
            "name": material.name,
            "sku": material.sku,
            "needed": _show(amount),
            "unit": material.get_unit_display(),
            "available": _show(material.quantity_on_hand),
        }
        for material, amount in short
    ]
    raise ConflictError(
        _("No hay stock suficiente: %(parts)s. No se registró nada.") % {"parts": "; ".join(parts)},
        code=ProductionErrorCode.INSUFFICIENT_STOCK,
        extra={
            "faltantes": [
                {
                    "material": str(material.pk),
                    "sku": material.sku,
                    "nombre": material.name,
                    "necesario": str(amount),
                    "disponible": str(material.quantity_on_hand),
                }
                for material, amount in short
            ]
        },
    )


def _product_rows(order: ProductionOrder, products: Sequence[Mapping[str, Any]], errors) -> list[dict[str, Any]]:
    rows = []
    for index, values in enumerate(products, 1):
        count = values.get("quantity", 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_PRODUCTS:
            _line_error(errors, "products", index, _("La cantidad va de 1 a %(max)d.") % {"max": MAX_PRODUCTS})
            continue
        data = {key: value for key, value in values.items() if key != "quantity" and value not in (None, "")}
        data.setdefault("description", order.description)
        data.setdefault("kind", order.kind)
        if "width_cm" not in data and "height_cm" not in data:
            data["width_cm"], data["height_cm"] = order.width_cm, order.height_cm
        default_status = ProductStatus.RESERVED if order.customer_order_id else ProductStatus.AVAILABLE
        data["status"] = data.get("status") or default_status
        data["location"] = data.get("location") or ProductLocation.WORKSHOP
        rows.extend([data] * count)
    if len(rows) > MAX_PRODUCTS:
        errors.setdefault("products", []).append(_("Como máximo %(max)d productos.") % {"max": MAX_PRODUCTS})
    return rows


@transaction.atomic
def production_register(
    *,
    order: ProductionOrder,
    consumption: Sequence[Mapping[str, Any]] = (),
    waste: Sequence[Mapping[str, Any]] = (),
    offcuts: Sequence[Mapping[str, Any]] = (),
    products: Sequence[Mapping[str, Any]] = (),
    notes: str = "",
    acting_user=None,
) -> ProductionOrder:
    """Register what an open order took and yielded, and complete it — all or nothing.

    - ``consumption``: ``{material, quantity}``, what was taken from stock for the work (bars cut included);
    - ``waste``: ``{material, quantity, reason, note}``, what was lost besides (``reason``: :class:`WasteReason`);
    - ``offcuts``: ``{material, length}`` in metres, pieces of moulding left over from the consumption: one at
      least ``produccion.retazo_minimo_m`` long goes back to stock, a shorter one counts as waste;
    - ``products``: ``{description, kind, width_cm, height_cm, sale_price, status, location, quantity}``, the
      finished products (created by the products' service, linked to this order), each costing an equal
      share of the materials it took (waste included) at their weighted average cost.

    The stock needed per material is its consumption plus its waste; short anywhere → 409 and nothing written.
    """
    locked = _lock(order)
    if not locked.is_open:
        raise ConflictError(
            _("La orden %(number)s está %(status)s: no se puede registrar su producción.")
            % {"number": locked.number, "status": _label(locked.status)},
            code=ProductionErrorCode.NOT_OPEN,
        )
    errors: dict[str, list[str]] = {}
    materials = _load_materials(consumption, waste, offcuts)
    used = _parse_lines(consumption, "consumption", errors, materials)
    lost = _parse_lines(waste, "waste", errors, materials)
    pieces = _parse_lines(offcuts, "offcuts", errors, materials, amount_key="length")
    for line in lost:
        if line.get("reason") not in WasteReason.values or line.get("reason") == WasteReason.SHORT_OFFCUT:
            choices = ", ".join(value for value in WasteReason.values if value != WasteReason.SHORT_OFFCUT)
            _line_error(errors, "waste", line["index"], _("Indique el motivo: %(choices)s.") % {"choices": choices})
    taken: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for line in used:
        taken[line["material"].pk] += line["quantity"]
    cut: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for line in pieces:
        material = line["material"]
        if material.category != MaterialCategory.MOULDING:
            _line_error(errors, "offcuts", line["index"], _("Solo la moldura (varillas) deja retazos."))
        cut[material.pk] += line["length"]
    for material_id, length in cut.items():
        if length > taken.get(material_id, ZERO):
            errors.setdefault("offcuts", []).append(
                _("Los retazos de «%(name)s» (%(length)s m) no pueden pasar de su consumo (%(used)s m).")
                % {"name": materials[material_id].name, "length": _show(length), "used": _show(taken[material_id])}
            )
    if not used and not lost:
        errors.setdefault("consumption", []).append(_("Registre al menos un consumo o una merma."))
    product_rows = _product_rows(locked, products, errors)
    _raise(errors, ProductionErrorCode.REGISTER_INVALID)

    needed: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for line in (*used, *lost):
        needed[line["material"].pk] += line["quantity"]
    _check_stock(needed, materials)

    minimum = Decimal(str(setting_value(MIN_OFFCUT)))
    usable = [line for line in pieces if line["length"] >= minimum]
    short = [line for line in pieces if line["length"] < minimum]
    short_by_material: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for line in short:
        short_by_material[line["material"].pk] += line["length"]
    reference = locked.number

    entries: list[ProductionEntry] = []

    def move(kind: str, material: Material, quantity: Decimal, *, reason: str = "", note: str = "") -> None:
        movement = stock_move(
            material=material,
            kind={EntryKind.CONSUMPTION: MovementKind.CONSUMPTION, EntryKind.WASTE: MovementKind.WASTE}.get(
                kind, MovementKind.OFFCUT
            ),
            quantity=quantity,
            reference=reference,
            note=note,
            acting_user=acting_user,
        )
        entries.append(
            ProductionEntry(
                order=locked,
                kind=kind,
                material=material,
                quantity=abs(movement.quantity),
                reason=reason,
                note=" ".join((note or "").split())[:300],
                unit_cost=movement.unit_cost,
                movement=movement,
            )
        )

    # Consumption per material (a short offcut is taken out as waste instead), in material order.
    by_material: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for line in used:
        by_material[line["material"].pk] += line["quantity"]
    for material_id in sorted(by_material, key=str):
        net = by_material[material_id] - short_by_material.get(material_id, ZERO)
        if net > 0:
            move(EntryKind.CONSUMPTION, materials[material_id], net, note=_("Consumo de producción"))
    for line in lost:
        reason = line["reason"]
        note = " ".join(filter(None, [str(WasteReason(reason).label), (line.get("note") or "").strip()]))
        move(EntryKind.WASTE, line["material"], line["quantity"], reason=reason, note=note)
    for line in short:
        move(
            EntryKind.WASTE,
            line["material"],
            line["length"],
            reason=WasteReason.SHORT_OFFCUT,
            note=_("Retazo de %(length)s m, menor que el mínimo aprovechable (%(minimum)s m)")
            % {"length": _show(line["length"]), "minimum": _show(minimum)},
        )
    for line in usable:
        move(
            EntryKind.OFFCUT,
            line["material"],
            line["length"],
            note=_("Retazo de %(length)s m devuelto al stock") % {"length": _show(line["length"])},
        )
    ProductionEntry.objects.bulk_create(entries)

    cost = sum(
        (entry.value if entry.kind != EntryKind.OFFCUT else -entry.value for entry in entries),
        ZERO,
    )
    if product_rows:
        share = (cost / len(product_rows)).quantize(MONEY, rounding=ROUND_HALF_UP)
        origin = LinkRef("produccion", locked.pk)
        for number, row in enumerate(product_rows, 1):
            try:
                product_create(data={**row, "cost": share}, origin=origin, acting_user=acting_user)
            except ApplicationError as refused:
                if refused.status_code != 400:
                    raise
                message = _("Producto %(number)d: %(message)s") % {"number": number, "message": refused.message}
                raise ApplicationError(
                    message, code=ProductionErrorCode.REGISTER_INVALID, errors={"products": [message]}
                ) from refused

    now = timezone.now()
    locked.status = ProductionStatus.COMPLETED
    locked.finished_at = now
    locked.started_at = locked.started_at or now
    if notes and notes.strip():
        locked.notes = "\n".join(filter(None, [locked.notes, notes.strip()]))
    locked.save(update_fields=["status", "finished_at", "started_at", "notes", "updated_at"])
    production_waste_alert_check(locked, entries=entries)
    rules_evaluate_for(locked, acting_user=acting_user)
    order.__dict__.update(locked.__dict__)
    return order


def production_waste_alert_check(order: ProductionOrder, *, entries: Sequence[ProductionEntry]) -> None:
    """A «merma alta» alert about the order when the waste of any material is above the threshold (a setting)
    of what that material gave: waste / (used + waste), in the material's own unit."""
    threshold = Decimal(str(setting_value(WASTE_THRESHOLD)))
    figures: dict[Any, dict[str, Decimal]] = defaultdict(lambda: {"used": ZERO, "waste": ZERO})
    names = {}
    for entry in entries:
        names[entry.material_id] = entry.material
        sign = -1 if entry.kind == EntryKind.OFFCUT else 1
        key = "waste" if entry.kind == EntryKind.WASTE else "used"
        figures[entry.material_id][key] += sign * entry.quantity
    worst = None
    for material_id, figure in figures.items():
        total = figure["used"] + figure["waste"]
        if total <= 0 or figure["waste"] <= 0:
            continue
        percent = (figure["waste"] * HUNDRED / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if percent > threshold and (worst is None or percent > worst[1]):
            worst = (names[material_id], percent, figure)
    if worst is None:
        return
    material, percent, figure = worst
    alert_raise(
        alert_type=WASTE_ALERT_TYPE,
        priority="ALTA" if percent >= threshold * 2 else "MEDIA",
        description=_(
            "Orden %(number)s: la merma de «%(name)s» fue %(percent)s %% (%(waste)s de %(total)s %(unit)s), "
            "por encima del umbral de %(threshold)s %%."
        )
        % {
            "number": order.number,
            "name": material.name,
            "percent": _show(percent),
            "waste": _show(figure["waste"]),
            "total": _show(figure["used"] + figure["waste"]),
            "unit": material.get_unit_display(),
            "threshold": _show(threshold),
        },
        link=order,
    )
