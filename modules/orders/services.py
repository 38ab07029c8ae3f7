"""Every write on orders: the rules live here and nowhere else.

- The number comes from the business's numbering (``pedido``), taken inside the transaction
  that saves the order: consecutive, no gaps, no duplicates under concurrency.
- Amounts are computed by :func:`order_totals_recompute` only, rounded as the business rounds money.
- Status steps (:func:`order_transition`) follow ``ALLOWED_TRANSITIONS`` on a locked row; delivery
  with a balance needs a Gerente/Administrador and a reason; a delivered order is never cancelled.
- Payments (:func:`payment_register`) never exceed the balance (checked on the locked row).
- Lines of a delivered or cancelled order do not change; an order with payments is not deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fotostudio.alerts.services import alerts_resolve_open, alerts_sync
from fotostudio.configuration.catalogue import IVA_RATE
from fotostudio.configuration.selectors import money_round, setting_value
from fotostudio.configuration.services import number_next
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.links import LinkErrorCode, LinkRef, link_resolve
from fotostudio.core.services import editable_fields, model_update, only_fields
from fotostudio.notifications.models import NotificationType
from fotostudio.notifications.services import notify_users, role_members
from fotostudio.users.roles import Role
from modules.products.models import SELLABLE_STATUSES, Product, ProductStatus
from modules.products.services import product_sell, product_update

from .contract_hook import contract_hook
from .filters import overdue_condition
from .models import ZERO, Order, OrderLine, OrderStatus, Payment, ServiceType

#: The document kind of the business's numbering (``PED-2026-00001``).
NUMBER_KIND = "pedido"
HUNDRED = Decimal("100")


class OrderErrorCode(StrEnum):
    INVALID = "order_invalid"
    LINE_INVALID = "order_line_invalid"
    PAYMENT_INVALID = "order_payment_invalid"
    TRANSITION_NOT_ALLOWED = "order_transition_not_allowed"
    DELIVERED_NOT_CANCELLABLE = "order_delivered_not_cancellable"
    BALANCE_OPEN = "order_balance_open"
    OVERRIDE_FORBIDDEN = "order_override_forbidden"
    REASON_REQUIRED = "order_reason_required"
    NO_LINES = "order_without_lines"
    PAYMENT_EXCEEDS_BALANCE = "order_payment_exceeds_balance"
    PAYMENT_NOT_ALLOWED = "order_payment_not_allowed"
    LINES_FROZEN = "order_lines_frozen"
    CLOSED = "order_closed"
    TOTAL_BELOW_PAID = "order_total_below_paid"
    HAS_PAYMENTS = "order_has_payments"
    PRODUCT_UNAVAILABLE = "order_product_unavailable"


#: Where each status may go. Cancelling is possible from every open status.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    OrderStatus.PENDING: (OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED),
    OrderStatus.IN_PROGRESS: (OrderStatus.READY, OrderStatus.CANCELLED),
    OrderStatus.READY: (OrderStatus.DELIVERED, OrderStatus.CANCELLED),
    OrderStatus.DELIVERED: (),
    OrderStatus.CANCELLED: (),
}
#: Roles that may deliver an order that still owes money (with a reason).
OVERRIDE_ROLES = (Role.ADMINISTRATOR, Role.MANAGER)

ORDER_EDITABLE_FIELDS = editable_fields(Order)
#: What a delivered or cancelled order still lets change.
CLOSED_EDITABLE_FIELDS = ("notes",)
LINE_FIELDS = editable_fields(OrderLine, exclude=["order"])
PAYMENT_FIELDS = editable_fields(Payment, exclude=["order"])


def _author(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _errors_of(obj, *, exclude: Iterable[str] = ()) -> dict[str, list[str]]:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    return {}


def _raise(errors: dict[str, list[str]], code: StrEnum) -> None:
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=code, errors=errors)


# --- Amounts -------------------------------------------------------------------------------------------


def line_amounts(line: OrderLine) -> None:
    """Set a line's subtotal, discount, IVA and total (rounded as the business rounds money)."""
    if line.tax_rate is None:
        line.tax_rate = Decimal(setting_value(IVA_RATE))
    line.subtotal = money_round(line.quantity * line.unit_price)
    line.discount_amount = money_round(line.subtotal * line.discount_percent / HUNDRED)
    taxable = line.subtotal - line.discount_amount
    line.tax_amount = money_round(taxable * line.tax_rate / HUNDRED)
    line.total = taxable + line.tax_amount


def order_totals_recompute(*, order: Order, lines: Sequence[OrderLine] | None = None, save: bool = True) -> Order:
    """THE computation of an order's amounts: its lines' and its own subtotal, discount, IVA, total,
    what was paid and the balance. ``lines`` (already computed) avoids reading them again."""
    if lines is None:
        lines = list(order.lines.all())
        for line in lines:
            before = (line.tax_rate, line.subtotal, line.discount_amount, line.tax_amount, line.total)
            line_amounts(line)
            if (line.tax_rate, line.subtotal, line.discount_amount, line.tax_amount, line.total) != before:
                line.save(
                    update_fields=["tax_rate", "subtotal", "discount_amount", "tax_amount", "total", "updated_at"]
                )
    order.subtotal = sum((line.subtotal for line in lines), ZERO)
    order.discount_total = sum((line.discount_amount for line in lines), ZERO)
    order.tax_total = sum((line.tax_amount for line in lines), ZERO)
    order.total = sum((line.total for line in lines), ZERO)
    order.paid_total = Payment.objects.filter(order=order).aggregate(paid=Sum("amount"))["paid"] or ZERO
    if order.status == OrderStatus.CANCELLED:
        order.balance = ZERO  # nothing more is owed; what was paid is to be refunded (``refund_due``)
    elif order.total < order.paid_total:
        message = _("El total del pedido (%(total)s) quedaría por debajo de lo ya pagado (%(paid)s).") % {
            "total": order.total,
            "paid": order.paid_total,
        }
        raise ApplicationError(message, code=OrderErrorCode.TOTAL_BELOW_PAID, errors={"lines": [message]})
    else:
        order.balance = order.total - order.paid_total
    if save:
        order.save(
            update_fields=["subtotal", "discount_total", "tax_total", "total", "paid_total", "balance", "updated_at"]
        )
    return order


def client_orders_blocker(client) -> list[str]:
    """A client with orders cannot be deleted (the clients module asks every module)."""
    count = Order.objects.filter(client=client).count()
    return [ngettext("tiene %(count)d pedido", "tiene %(count)d pedidos", count) % {"count": count}] if count else []


# --- Orders --------------------------------------------------------------------------------------------


def _validate_order(order: Order, *, creating: bool) -> None:
    order.notes = (order.notes or "").strip()
    errors = _errors_of(order, exclude=["created_by", "number"])
    if creating and "service_type" not in errors and order.service_type_id:
        if not ServiceType.objects.filter(pk=order.service_type_id, is_active=True).exists():
            errors["service_type"] = [_("Este tipo de servicio no está activo.")]
    if (
        "promised_date" not in errors
        and order.promised_date
        and order.order_date
        and order.promised_date < order.order_date
    ):
        errors["promised_date"] = [_("La fecha prometida no puede ser anterior a la fecha del pedido.")]
    _raise(errors, OrderErrorCode.INVALID)


def _build_lines(order: Order, lines: Sequence[Mapping[str, Any]]) -> list[OrderLine]:
    built, errors = [], {}
    seen_products: set = set()
    for index, values in enumerate(lines, 1):
        line = OrderLine(order=order, position=index, **only_fields(values, LINE_FIELDS))
        product_errors = _product_line_defaults(line, seen_products)
        line.moulding, line.glass, line.mat = (value.strip() for value in (line.moulding, line.glass, line.mat))
        line_errors = _errors_of(line, exclude=["order"])
        for field, messages in product_errors.items():
            line_errors.setdefault(field, []).extend(messages)
        if (line.frame_width is None) != (line.frame_height is None):
            line_errors.setdefault("frame_width", []).append(_("Indique el ancho y el alto del marco, o ninguno."))
        for field, messages in line_errors.items():
            label = OrderLine._meta.get_field(field).verbose_name if field != "__all__" else ""
            for message in messages:
                errors.setdefault("lines", []).append(
                    _("Línea %(number)d, %(field)s: %(message)s")
                    % {"number": index, "field": label, "message": message}
                )
        if not line_errors:
            line_amounts(line)
        built.append(line)
    _raise(errors, OrderErrorCode.LINE_INVALID)
    return built


#: ``contract`` left out of an update: the order keeps its contract.
KEEP = object()
#: The API key (and error key) of the order's school contract.
CONTRACT_KEY = "contrato"


def _contract_assign(order: Order, contract_id: Any, *, acting_user=None, recheck: bool = False) -> None:
    """Link ``order`` to the contract ``contract_id`` (``None``: to none), by the contracts module's rules.

    ``recheck``: the order keeps its contract (its client changed); the user's right to see it is not asked."""
    hook = contract_hook()
    if hook is None:
        if contract_id is None:
            return
        message = _("«%(key)s» no está disponible en este negocio: no se puede vincular a ese tipo de registro.") % {
            "key": CONTRACT_KEY
        }
        raise ApplicationError(message, code=LinkErrorCode.UNAVAILABLE, errors={CONTRACT_KEY: [message]})
    contract = None
    if contract_id is not None:
        contract = link_resolve(LinkRef(hook.key, contract_id), acting_user=None if recheck else acting_user)
    hook.assign(order=order, contract=contract, acting_user=acting_user)


# --- Finished products on lines -------------------------------------------------------------------------


def _product_line_defaults(line: OrderLine, seen: set) -> dict[str, list[str]]:
    """A product line takes the product's description and sale price when they are not given; it is one piece
    (quantity 1) and names a product once in the order. Returns the line's errors by field."""
    line.description = " ".join((line.description or "").split())
    if line.product_id is None:
        return {}
    product = line.product
    if not line.description:
        line.description = f"{product.description} ({product.code})"
    if line.unit_price is None:
        line.unit_price = product.sale_price
    errors: dict[str, list[str]] = {}
    if line.quantity != 1:
        errors["quantity"] = [_("Un producto terminado es una sola pieza: la cantidad es 1.")]
    if line.product_id in seen:
        errors["product"] = [_("El producto %(code)s ya está en otra línea del pedido.") % {"code": product.code}]
    seen.add(line.product_id)
    return errors


def _products_of(lines: Iterable[OrderLine]) -> set:
    return {line.product_id for line in lines if line.product_id}


def _line_products(order: Order) -> set:
    """The ids of the products on the order's stored lines."""
    return set(order.lines.exclude(product=None).values_list("product_id", flat=True))


def _products_locked(ids) -> dict:
    """The products, locked in id order until the transaction ends (two orders may want the same piece)."""
    return {product.pk: product for product in Product.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _products_sync(order: Order, *, before: set, after: set, acting_user=None) -> None:
    """Reserve the products the order's lines now name and release those they no longer name.

    A product joins an order only while it is available or reserved and no other open order holds it
    (409 ``order_product_unavailable``); a product that leaves it goes back to «disponible»."""
    locked = _products_locked(before | after)
    for product_id in sorted(after - before):
        product = locked[product_id]
        holder = (
            OrderLine.objects.filter(product_id=product_id)
            .exclude(order=order)
            .exclude(order__status=OrderStatus.CANCELLED)
            .select_related("order")
            .first()
        )
        if product.status not in SELLABLE_STATUSES or holder is not None:
            reason = (
                _("está en el pedido %(number)s") % {"number": holder.order.number}
                if holder is not None
                else _("está «%(status)s»") % {"status": product.get_status_display().lower()}
            )
            message = _("El producto %(code)s no está disponible: %(reason)s.") % {
                "code": product.code,
                "reason": reason,
            }
            raise ConflictError(
                message,
                code=OrderErrorCode.PRODUCT_UNAVAILABLE,
                errors={"lines": [message]},
                extra={"producto": str(product.pk)},
            )
        if product.status != ProductStatus.RESERVED:
            product_update(product=product, data={"status": ProductStatus.RESERVED}, acting_user=acting_user)
    _products_release((locked[product_id] for product_id in sorted(before - after)), acting_user=acting_user)


def _products_release(products: Iterable[Product], *, acting_user=None) -> None:
    for product in products:
        if product.status == ProductStatus.RESERVED:
            product_update(product=product, data={"status": ProductStatus.AVAILABLE}, acting_user=acting_user)


def _products_deliver(order: Order, *, acting_user=None) -> None:
    """The order's products are sold to its client (at the line's amount before IVA) and handed over."""
    lines = list(order.lines.exclude(product=None).order_by("position", "id"))
    locked = _products_locked([line.product_id for line in lines])
    for line in lines:
        sold = product_sell(
            product=locked[line.product_id],
            client=order.client,
            price=line.subtotal - line.discount_amount,
            acting_user=acting_user,
        )
        product_update(product=sold, data={"status": ProductStatus.DELIVERED}, acting_user=acting_user)


def _replace_lines(order: Order, lines: Sequence[Mapping[str, Any]], *, acting_user=None) -> list[OrderLine]:
    before = _line_products(order)
    built = _build_lines(order, lines)
    _products_sync(order, before=before, after=_products_of(built), acting_user=acting_user)
    order.lines.all().delete()
    OrderLine.objects.bulk_create(built)
    return built


@transaction.atomic
def order_create(
    *,
    data: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]] = (),
    payments: Sequence[Mapping[str, Any]] = (),
    contract: Any = None,
    acting_user=None,
) -> Order:
    """A new order with its lines and its first payments (a deposit), numbered inside this transaction.

    ``contract``: the id of the school contract it belongs to (see ``contract_hook``), or ``None``."""
    order = Order(**only_fields(data, ORDER_EDITABLE_FIELDS), created_by=_author(acting_user))
    _validate_order(order, creating=True)
    built = _build_lines(order, lines)
    order.number = number_next(NUMBER_KIND)
    order.save(force_insert=True)
    _products_sync(order, before=set(), after=_products_of(built), acting_user=acting_user)
    OrderLine.objects.bulk_create(built)
    order_totals_recompute(order=order, lines=built)
    if contract is not None:
        _contract_assign(order, contract, acting_user=acting_user)
    for payment in payments:
        payment_register(order=order, data=payment, acting_user=acting_user)
    return order


def _lock(order: Order) -> Order:
    """The order's row, locked until the transaction ends (status steps and payments race)."""
    return Order.objects.select_for_update().get(pk=order.pk)


def _refuse_closed(order: Order, fields: Iterable[str]) -> None:
    changing = [field for field in fields if field not in CLOSED_EDITABLE_FIELDS]
    if order.lines_frozen and changing:
        message = _("El pedido %(number)s está %(status)s: solo pueden cambiar sus notas.") % {
            "number": order.number,
            "status": order.get_status_display().lower(),
        }
        raise ConflictError(message, code=OrderErrorCode.CLOSED, errors={changing[0]: [message]})


@transaction.atomic
def order_update(
    *,
    order: Order,
    data: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]] | None = None,
    contract: Any = KEEP,
    acting_user=None,
) -> Order:
    """Change an order's data and, when ``lines`` is given, replace its lines; the amounts follow.

    ``contract``: the id of its school contract, ``None`` to unlink it, left out (``KEEP``) to keep it. The
    contracts module's rules are checked again when the client changes (the contract's school is the client)."""
    locked = _lock(order)
    values = only_fields(data, ORDER_EDITABLE_FIELDS)
    changing = [field for field, value in values.items() if getattr(locked, field) != value]
    hook = contract_hook()
    current_contract = hook.current(locked) if hook is not None else None
    if contract is not KEEP and str(contract or "") != str(current_contract or ""):
        changing.append(CONTRACT_KEY)
    _refuse_closed(locked, changing)
    model_update(
        instance=locked, fields=ORDER_EDITABLE_FIELDS, data=values, clean=lambda o: _validate_order(o, creating=False)
    )
    if CONTRACT_KEY in changing:
        _contract_assign(locked, contract, acting_user=acting_user)
    elif "client" in changing and current_contract is not None:
        # the same contract, checked against the new client (its school must be the client)
        _contract_assign(locked, current_contract, acting_user=acting_user, recheck=True)
    if lines is not None:
        order_lines_set(order=locked, lines=lines, acting_user=acting_user)
    order.__dict__.update(locked.__dict__)
    return order


@transaction.atomic
def order_lines_set(*, order: Order, lines: Sequence[Mapping[str, Any]], acting_user=None) -> Order:
    """Replace an order's lines and recompute it; refused once the order is delivered or cancelled."""
    locked = _lock(order)
    if locked.lines_frozen:
        message = _("Las líneas de un pedido %(status)s no pueden cambiar.") % {
            "status": locked.get_status_display().lower()
        }
        raise ConflictError(message, code=OrderErrorCode.LINES_FROZEN, errors={"lines": [message]})
    built = _replace_lines(locked, lines, acting_user=acting_user)
    order_totals_recompute(order=locked, lines=built)
    order.__dict__.update(locked.__dict__)
    return order


@transaction.atomic
def order_delete(*, order: Order, acting_user=None) -> None:
    locked = _lock(order)
    if Payment.objects.filter(order=locked).exists():
        raise ConflictError(
            _("El pedido %(number)s tiene pagos registrados: cancélelo en lugar de eliminarlo.")
            % {"number": locked.number},
            code=OrderErrorCode.HAS_PAYMENTS,
        )
    _products_release(_products_locked(_line_products(locked)).values(), acting_user=acting_user)
    locked.delete()


# --- Status ----------------------------------------------------------------------------------------------


def may_override_balance(user) -> bool:
    """Gerente or Administrador (or a superuser): may deliver an order that still owes money."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[role.value for role in OVERRIDE_ROLES]).exists()


@transaction.atomic
def order_transition(*, order: Order, status: str, reason: str = "", override: bool = False, acting_user=None) -> Order:
    """Move an order one step (``ALLOWED_TRANSITIONS``), recording when and why (the audit trail records who)."""
    locked = _lock(order)
    reason = (reason or "").strip()
    if status not in OrderStatus.values:
        message = _("«%(status)s» no es un estado válido.") % {"status": status}
        raise ApplicationError(message, code=OrderErrorCode.INVALID, errors={"status": [message]})
    current = locked.status
    if status == OrderStatus.CANCELLED and current == OrderStatus.DELIVERED:
        raise ConflictError(
            _("Un pedido entregado no se puede cancelar."), code=OrderErrorCode.DELIVERED_NOT_CANCELLABLE
        )
    if status not in ALLOWED_TRANSITIONS[current]:
        raise ConflictError(
            _("Un pedido %(current)s no puede pasar a %(status)s.")
            % {"current": locked.get_status_display().lower(), "status": OrderStatus(status).label.lower()},
            code=OrderErrorCode.TRANSITION_NOT_ALLOWED,
        )
    if status != OrderStatus.CANCELLED and not locked.lines.exists():
        raise ConflictError(_("Añada al menos una línea al pedido antes de avanzar."), code=OrderErrorCode.NO_LINES)
    now = timezone.now()
    with_balance = False
    if status == OrderStatus.DELIVERED and locked.balance > 0:
        if not override:
            raise ConflictError(
                _("El pedido tiene un saldo pendiente de %(balance)s: regístrelo antes de entregarlo.")
                % {"balance": locked.balance},
                code=OrderErrorCode.BALANCE_OPEN,
                extra={"saldo": str(locked.balance)},
            )
        if not may_override_balance(acting_user):
            raise ApplicationError(
                _("Solo un Gerente o un Administrador puede entregar un pedido con saldo pendiente."),
                code=OrderErrorCode.OVERRIDE_FORBIDDEN,
                status=403,
            )
        if not reason:
            message = _("Indique el motivo para entregar con saldo pendiente.")
            raise ApplicationError(message, code=OrderErrorCode.REASON_REQUIRED, errors={"status_reason": [message]})
        with_balance = True
    locked.status = status
    locked.status_changed_at = now
    locked.status_reason = reason
    fields = ["status", "status_changed_at", "status_reason", "updated_at"]
    if status == OrderStatus.DELIVERED:
        locked.delivered_at, locked.delivered_with_balance = now, with_balance
        fields += ["delivered_at", "delivered_with_balance"]
    if status == OrderStatus.CANCELLED:
        locked.cancelled_at = now
        fields.append("cancelled_at")
    locked.save(update_fields=fields)
    if status == OrderStatus.DELIVERED:
        _products_deliver(locked, acting_user=acting_user)
    if status == OrderStatus.CANCELLED:
        _products_release(_products_locked(_line_products(locked)).values(), acting_user=acting_user)
        order_totals_recompute(order=locked)
    if status in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        closed = _("Resuelta sola: el pedido se cerró (%(status)s).") % {"status": locked.get_status_display().lower()}
        alerts_resolve_open(alert_type=OVERDUE_ALERT_TYPE, link=locked, comment=closed)
    _notify_step(locked, acting_user=acting_user)
    order.__dict__.update(locked.__dict__)
    return order


def _notify_step(order: Order, *, acting_user=None) -> None:
    """Tell the order's author of each step someone else takes; a ready order also goes to Ventas, who call
    the client to pick it up."""
    recipients = {order.created_by_id: order.created_by} if order.created_by_id else {}
    if order.status == OrderStatus.READY:
        recipients.update((user.pk, user) for user in role_members(Role.SALES))
        title = _("Pedido %(number)s listo para retirar") % {"number": order.number}
        body = _("El pedido de %(client)s está listo: avise al cliente para que lo retire (saldo: %(balance)s).") % {
            "client": order.client.name,
            "balance": order.balance,
        }
    else:
        title = _("Pedido %(number)s: %(status)s") % {"number": order.number, "status": order.get_status_display()}
        body = _("El pedido de %(client)s pasó a «%(status)s».") % {
            "client": order.client.name,
            "status": order.get_status_display(),
        }
    recipients.pop(getattr(acting_user, "pk", None), None)
    notify_users(
        users=recipients.values(),
        notification_type=NotificationType.INFORMATIVE,
        title=title,
        body=body,
        link=order,
        acting_user=acting_user,
    )


# --- Payments --------------------------------------------------------------------------------------------


@transaction.atomic
def payment_register(*, order: Order, data: Mapping[str, Any], acting_user=None) -> Payment:
    """A payment (deposit or instalment) for an order: never above its balance, never on a cancelled order."""
    locked = _lock(order)
    payment = Payment(order=locked, **only_fields(data, PAYMENT_FIELDS), created_by=_author(acting_user))
    payment.reference = (payment.reference or "").strip()
    _raise(_errors_of(payment, exclude=["order", "created_by"]), OrderErrorCode.PAYMENT_INVALID)
    if locked.status == OrderStatus.CANCELLED:
        raise ConflictError(
            _("El pedido %(number)s está cancelado: no admite pagos.") % {"number": locked.number},
            code=OrderErrorCode.PAYMENT_NOT_ALLOWED,
        )
    if payment.amount > locked.balance:
        message = _("El pago (%(amount)s) supera el saldo pendiente (%(balance)s).") % {
            "amount": payment.amount,
            "balance": locked.balance,
        }
        raise ApplicationError(
            message,
            code=OrderErrorCode.PAYMENT_EXCEEDS_BALANCE,
            errors={"amount": [message]},
            extra={"saldo": str(locked.balance)},
        )
    payment.save(force_insert=True)
    order_totals_recompute(order=locked)
    order.__dict__.update({key: getattr(locked, key) for key in ("paid_total", "balance", "updated_at")})
    return payment


# --- Overdue alerts ----------------------------------------------------------------------------------------

OVERDUE_ALERT_TYPE = "PEDIDO_ATRASADO"


def order_overdue_alerts_sync() -> dict[str, int]:
    """One open «pedido atrasado» alert per open order past its promised date; the others are resolved.

    Run daily by a periodic job (an order becomes overdue when a day passes, not when it is written);
    running it twice changes nothing. A step forward resolves the order's alert at once.
    """
    today = timezone.localdate()
    overdue = list(Order.objects.filter(overdue_condition()).select_related("client").order_by("promised_date", "id"))

    def describe(order: Order) -> str:
        days_late = (today - order.promised_date).days
        return ngettext(
            "El pedido %(number)s de %(client)s se prometió para el %(promised)s: lleva %(days)d día de atraso.",
            "El pedido %(number)s de %(client)s se prometió para el %(promised)s: lleva %(days)d días de atraso.",
            days_late,
        ) % {"number": order.number, "client": order.client.name, "promised": order.promised_date, "days": days_late}

    result = alerts_sync(
        alert_type=OVERDUE_ALERT_TYPE,
        records=overdue,
        describe=describe,
        priority=lambda order: (
            "ALTA" if order.priority == "urgente" or (today - order.promised_date).days > 7 else "MEDIA"
        ),
        resolved_comment=_("Resuelta sola: el pedido ya no está atrasado."),
    )
    return {"atrasados": len(overdue), **result}
