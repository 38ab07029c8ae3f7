"""Orders in the staff admin: list with badges and filters, a form with lines and payments, status steps, PDF.

Every write goes through the services: the order's own fields (``create_object``/``update_object``), its lines
(``order_lines_set``, only when the lines inline changed), new payments (``payment_register``, after the lines so
the balance is current) and the status steps (one action each). The change form runs in one transaction: a
refusal anywhere rolls everything back and shows the service's message on the form.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesRadioFilter, RelatedDropdownFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextareaWidget

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm, TabularInline
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core.links import link_kind
from fotostudio.core.search import SearchTooLong
from modules.products.models import SELLABLE_STATUSES, Product

from .contract_hook import contract_hook
from .filters import order_search, overdue_condition
from .models import OPEN_STATUSES, Order, OrderLine, OrderStatus, Payment, Priority, ServiceType
from .pdf import order_pdf, order_pdf_filename
from .selectors import order_admin_list
from .services import (
    CONTRACT_KEY,
    KEEP,
    LINE_FIELDS,
    PAYMENT_FIELDS,
    may_override_balance,
    order_create,
    order_delete,
    order_lines_set,
    order_transition,
    order_update,
    payment_register,
)

STATUS_COLORS = {
    OrderStatus.PENDING: "info",
    OrderStatus.IN_PROGRESS: "warning",
    OrderStatus.READY: "success",
    OrderStatus.DELIVERED: "primary",
    OrderStatus.CANCELLED: "danger",
}


def _money(amount) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


class OverrideReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=1000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
        help_text=_("Por qué se entrega sin cobrar todo el saldo (queda registrado)."),
    )


class OverdueFilter(admin.SimpleListFilter):
    title = _("atraso")
    parameter_name = "vencido"

    def lookups(self, request, model_admin):
        return [("1", _("Atrasados")), ("0", _("A tiempo"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(overdue_condition())
        if self.value() == "0":
            return queryset.exclude(overdue_condition())
        return queryset


class SituationFilter(admin.SimpleListFilter):
    """The groups of statuses the dashboard's figures count: the orders «en curso» (pending, in progress or ready)
    and those not cancelled (the sales)."""

    title = _("situación")
    parameter_name = "situacion"
    OPEN = "en_curso"
    NOT_CANCELLED = "no_cancelados"

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, _("En curso (pendientes, en proceso o listos)")),
            (self.NOT_CANCELLED, _("No cancelados")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if self.value() == self.NOT_CANCELLED:
            return queryset.exclude(status=OrderStatus.CANCELLED)
        return queryset


class BalanceFilter(admin.SimpleListFilter):
    title = _("saldo")
    parameter_name = "con_saldo"

    def lookups(self, request, model_admin):
        return [("1", _("Con saldo pendiente")), ("0", _("Pagados"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(balance__gt=0)
        if self.value() == "0":
            return queryset.filter(balance=0)
        return queryset


def may_see_contracts(user) -> bool:
    """The business has contracts (their module lends the hook) and the user may see them."""
    hook = contract_hook()
    kind = link_kind(hook.key) if hook is not None else None
    if kind is None:
        return False
    opts = kind.model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class ContractFilter(admin.SimpleListFilter):
    title = _("contrato")
    parameter_name = CONTRACT_KEY
    NONE = "ninguno"

    def lookups(self, request, model_admin):
        hook = contract_hook()
        if hook is None or not may_see_contracts(request.user):
            return []
        return [(self.NONE, _("Sin contrato")), *((str(pk), label) for pk, label in hook.choices(None, every=True))]

    def queryset(self, request, queryset):
        value = self.value()
        hook = contract_hook()
        if not value or hook is None:
            return queryset
        if value == self.NONE:
            return queryset.filter(contract_ref__isnull=True)
        try:
            return hook.filter(queryset, uuid.UUID(value))
        except ValueError:
            return queryset.none()


class OrderAdminForm(ServiceModelForm):
    """The order's fields and its school contract (the contracts module's link, see ``contract_hook``)."""

    contrato = forms.TypedChoiceField(
        label=_("Contrato con el colegio"),
        required=False,
        coerce=uuid.UUID,
        empty_value=None,
        widget=UnfoldAdminSelectWidget,
        help_text=_("Vigente o en borrador, del colegio que es el cliente del pedido."),
    )
    #: Set per request by ``OrderAdmin.get_form``: the business has contracts and the user may see them.
    contract_allowed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hook = contract_hook()
        if not self.contract_allowed or hook is None:
            del self.fields[CONTRACT_KEY]
            return
        current = hook.current(self.instance) if self.instance.pk else None
        field = self.fields[CONTRACT_KEY]
        field.choices = [("", "—"), *((str(pk), label) for pk, label in hook.choices(current))]
        self.initial[CONTRACT_KEY] = str(current) if current else ""
        field.disabled = bool(self.instance.pk and self.instance.lines_frozen)


class OrderLineForm(ServiceModelForm):
    """A line with a finished product may leave its description and price empty: the product's are used."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("description", "unit_price"):
            if name in self.fields:
                self.fields[name].required = False


class OrderLineInline(TabularInline):
    model = OrderLine
    form = OrderLineForm
    fields = [
        "product",
        "description",
        "quantity",
        "unit_price",
        "discount_percent",
        "tax_rate",
        "frame_width",
        "frame_height",
        "moulding",
        "glass",
        "mat",
        "total",
    ]
    readonly_fields = ["total"]
    extra = 1
    tab = False

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.lines_frozen

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "product":
            # pieces that may join an order: available or reserved (a piece on another open order is refused on save)
            kwargs["queryset"] = Product.objects.filter(status__in=SELLABLE_STATUSES).order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class PaymentInline(TabularInline):
    """Payments are added, never edited or removed here (the trail of money stays as it was)."""

    model = Payment
    form = ServiceModelForm
    fields = ["amount", "method", "paid_on", "reference", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.status == OrderStatus.CANCELLED:
            return False
        return super().has_add_permission(request, obj)


@admin.register(Order)
class OrderAdmin(BaseModelAdmin):
    list_display = [
        "number",
        "client_name",
        "service_type",
        "order_date",
        "promised",
        "status_badge",
        "priority_badge",
        "contract_display",
        "total_display",
        "balance_display",
    ]
    list_display_links = ["number"]
    list_display_phone = ("number", "client_name", "status_badge", "balance_display")
    list_filter = [
        ("status", ChoicesRadioFilter),
        SituationFilter,
        ("service_type", RelatedDropdownFilter),
        ("priority", ChoicesRadioFilter),
        OverdueFilter,
        BalanceFilter,
        ContractFilter,
        ("order_date", DateRangeFilter),
        ("delivered_at", DateRangeFilter),
    ]
    list_filter_sheet = False
    search_fields = ["number"]  # shows the box; the search itself is order_search's
    search_help_text = _("Número del pedido, nombre o documento del cliente; sin importar tildes.")
    autocomplete_fields = ["client"]
    form = OrderAdminForm
    inlines = [OrderLineInline, PaymentInline]
    readonly_fields = [
        "number",
        "status_display",
        "amounts",
        "refund_display",
        "status_info",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = (
        (
            _("Pedido"),
            {
                "fields": [
                    "client",
                    CONTRACT_KEY,
                    "service_type",
                    ("order_date", "promised_date"),
                    "priority",
                    "notes",
                ]
            },
        ),
    )
    actions = ["start_work", "mark_ready", "deliver", "deliver_with_balance", "cancel"]
    actions_detail = ["download_pdf", "schedule_delivery"]

    def get_queryset(self, request):
        return order_admin_list()

    def _order_fieldsets(self, request):
        if may_see_contracts(request.user):
            return self.fieldsets
        ((title, options),) = self.fieldsets
        return ((title, {**options, "fields": [f for f in options["fields"] if f != CONTRACT_KEY]}),)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self._order_fieldsets(request)
        return (
            (_("Estado"), {"fields": [("number", "status_display"), "amounts", "refund_display", "status_info"]}),
            *self._order_fieldsets(request),
            (_("Registro"), {"fields": [("created_by", "created_at", "updated_at")]}),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.contract_allowed = may_see_contracts(request.user)
        return form

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return columns if may_see_contracts(request.user) else [c for c in columns if c != "contract_display"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.lines_frozen:
            fields += ["client", "service_type", "order_date", "promised_date", "priority"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service_type":
            kwargs["queryset"] = ServiceType.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        try:
            return order_search(queryset, search_term), False
        except SearchTooLong as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return queryset.none(), False

    # --- Columns -----------------------------------------------------------------------------

    @display(description=_("Cliente"), ordering="client__name")
    def client_name(self, order: Order) -> str:
        return order.client.name

    @display(description=_("Prometido"), ordering="promised_date", label={"overdue": "danger", "on_time": "info"})
    def promised(self, order: Order):
        if order.promised_date is None:
            return None
        text = date_format(order.promised_date, "SHORT_DATE_FORMAT")
        if order.is_overdue:
            return "overdue", _("%(date)s · atrasado") % {"date": text}
        return "on_time", text

    @display(description=_("Estado"), ordering="status", label={str(k): v for k, v in STATUS_COLORS.items()})
    def status_badge(self, order: Order):
        return order.status, order.get_status_display()

    @display(description=_("Estado"))
    def status_display(self, order: Order) -> str:
        return order.get_status_display()

    @display(
        description=_("Prioridad"), ordering="priority", label={Priority.URGENT: "danger", Priority.NORMAL: "info"}
    )
    def priority_badge(self, order: Order):
        return order.priority, order.get_priority_display()

    @display(description=_("Contrato"), ordering="contract_number")
    def contract_display(self, order: Order) -> str:
        return order.contract_number or "—"

    @display(description=_("Total"), ordering="total")
    def total_display(self, order: Order) -> str:
        return _money(order.total)

    @display(description=_("Saldo"), ordering="balance")
    def balance_display(self, order: Order) -> str:
        return _money(order.balance)

    @display(description=_("Importes"))
    def amounts(self, order: Order) -> str:
        return format_html(
            "{} {} · {} {} · {} {} · <strong>{} {}</strong> · {} {} · <strong>{} {}</strong>",
            _("Subtotal"),
            _money(order.subtotal),
            _("Descuento"),
            _money(order.discount_total),
            _("IVA"),
            _money(order.tax_total),
            _("Total"),
            _money(order.total),
            _("Pagado"),
            _money(order.paid_total),
            _("Saldo"),
            _money(order.balance),
        )

    @display(description=_("A reembolsar"))
    def refund_display(self, order: Order) -> str:
        return _money(order.refund_due) if order.refund_due else "—"

    @display(description=_("Último cambio de estado"))
    def status_info(self, order: Order) -> str:
        if order.status_changed_at is None:
            return "—"
        text = date_format(order.status_changed_at, "SHORT_DATETIME_FORMAT")
        if order.delivered_with_balance:
            text = f"{text} · {_('entregado con saldo pendiente')}"
        return f"{text} · {order.status_reason}" if order.status_reason else text

    # --- Writes: through the services --------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # The contract is not a field of the order: it goes to the services beside the order's data.
        changed = CONTRACT_KEY in form.fields and CONTRACT_KEY in form.changed_data
        request.order_contract = form.cleaned_data.get(CONTRACT_KEY) if changed else KEEP
        super().save_model(request, obj, form, change)

    def create_object(self, request, data):
        contract = getattr(request, "order_contract", KEEP)
        return order_create(data=data, contract=None if contract is KEEP else contract, acting_user=request.user)

    def update_object(self, request, order, data):
        contract = getattr(request, "order_contract", KEEP)
        return order_update(order=order, data=data, contract=contract, acting_user=request.user)

    def delete_object(self, request, order):
        order_delete(order=order, acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        """Inline rows are written by the services in ``save_related``, never by the formset itself."""

    def save_related(self, request, form, formsets, change):
        order = form.instance
        for formset in formsets:
            # Django's change message reads what a formset saved; the services wrote it (the audit trail has it).
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for formset in formsets:
            if formset.model is OrderLine and _formset_changed(formset):
                order_lines_set(order=order, lines=_rows(formset, LINE_FIELDS), acting_user=request.user)
        for formset in formsets:
            if formset.model is Payment:
                for values in _rows(formset, PAYMENT_FIELDS, new_only=True):
                    payment_register(order=order, data=values, acting_user=request.user)

    # --- Status steps: one action each --------------------------------------------------------

    def _step(self, request, queryset, status: str, done: str):
        count = 0
        for order in queryset:
            order_transition(order=order, status=status, acting_user=request.user)
            count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @action(description=_("Pasar a «en proceso»"), permissions=["change"])
    def start_work(self, request, queryset):
        self._step(request, queryset, OrderStatus.IN_PROGRESS, _("%(count)d pedido(s) en proceso."))

    @action(description=_("Marcar como listos para retirar"), permissions=["change"])
    def mark_ready(self, request, queryset):
        self._step(request, queryset, OrderStatus.READY, _("%(count)d pedido(s) listos para retirar."))

    @action(description=_("Entregar"), permissions=["change"])
    def deliver(self, request, queryset):
        self._step(request, queryset, OrderStatus.DELIVERED, _("%(count)d pedido(s) entregados."))

    def has_deliver_with_balance_permission(self, request) -> bool:
        return self.has_change_permission(request) and may_override_balance(request.user)

    @action(description=_("Entregar con saldo pendiente (con motivo)"), permissions=["deliver_with_balance"])
    def deliver_with_balance(self, request, queryset):
        """A Gerente or Administrador delivers orders that still owe money, with a reason (an intermediate page)."""
        form = OverrideReasonForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            count = 0
            for order in queryset:
                order_transition(
                    order=order,
                    status=OrderStatus.DELIVERED,
                    reason=form.cleaned_data["reason"],
                    override=True,
                    acting_user=request.user,
                )
                count += 1
            self.message_user(request, _("%(count)d pedido(s) entregados.") % {"count": count}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Entregar con saldo pendiente"),
            "opts": self.model._meta,
            "orders": list(queryset.select_related("client")),
            "form": form,
            "action": "deliver_with_balance",
        }
        return TemplateResponse(request, "admin/orders/order/deliver_with_balance.html", context)

    @action(description=_("Cancelar"), permissions=["change"])
    def cancel(self, request, queryset):
        self._step(request, queryset, OrderStatus.CANCELLED, _("%(count)d pedido(s) cancelados."))

    def has_schedule_delivery_permission(self, request, object_id=None) -> bool:
        return request.user.has_perm("agenda.add_appointment")

    @action(
        description=_("Agendar entrega"), url_path="agendar-entrega", icon="event", permissions=["schedule_delivery"]
    )
    def schedule_delivery(self, request, object_id):
        """The agenda's booking form, filled in for the delivery of this ready order (and linked to it)."""
        order = self.get_object(request, object_id)
        if order is None:
            raise Http404
        change_page = reverse("admin:orders_order_change", args=[order.pk])
        if order.status != OrderStatus.READY:
            messages.error(request, _("Solo se agenda la entrega de un pedido listo para retirar."))
            return HttpResponseRedirect(change_page)
        try:
            booking = reverse("admin:agenda_appointment_add")
        except NoReverseMatch:  # a business without the agenda
            raise Http404 from None
        return HttpResponseRedirect(f"{booking}?pedido={order.pk}")

    @action(description=_("Descargar PDF"), url_path="pdf", icon="picture_as_pdf", permissions=["view"])
    def download_pdf(self, request, object_id):
        order = self.get_object(request, object_id)
        if order is None:
            raise Http404
        if not self.has_view_permission(request, order):
            raise PermissionDenied
        response = HttpResponse(order_pdf(order), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{order_pdf_filename(order)}"'
        return response


def _deleted(form) -> bool:
    return bool(form.cleaned_data.get("DELETE"))


def _formset_changed(formset) -> bool:
    return any(form.has_changed() or _deleted(form) for form in formset.forms if hasattr(form, "cleaned_data"))


def _rows(formset, fields, *, new_only: bool = False) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or _deleted(form):
            continue
        is_new = form.instance._state.adding
        if is_new and not form.has_changed():
            continue  # an empty extra row
        if new_only and not is_new:
            continue
        rows.append({field: form.cleaned_data[field] for field in fields if field in form.cleaned_data})
    return rows


@admin.register(ServiceType)
class ServiceTypeAdmin(BaseModelAdmin):
    list_display = ["name", "code", "position", "active_badge"]
    list_display_links = ["name"]
    search_fields = ["name", "code"]
    fields = ["name", "code", "position", "is_active"]
    ordering = ["position", "name"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.orders.exists())
