"""Production orders in the staff admin: list with status badges, filters and search; a form with the planned
materials inline; status steps; the «Registrar producción» page (consumption, waste, offcuts and finished
products, in one transaction through ``production_register``); and the efficiency figures on the order's page.

Every write goes through the services; a refusal is shown inside the admin's layout and nothing is written.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesRadioFilter, RelatedDropdownFilter
from unfold.decorators import action, display

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm, TabularInline
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core.errors import ApplicationError
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .forms import (
    ConsumptionFormSet,
    EfficiencyPeriodForm,
    OffcutFormSet,
    ProductFormSet,
    RegisterNotesForm,
    WasteFormSet,
)
from .models import PlannedMaterial, ProductionOrder, ProductionStatus
from .resources import ProductionOrderResource
from .selectors import (
    efficiency_by_material,
    efficiency_by_period,
    order_efficiency,
    production_order_admin_list,
    products_of,
)
from .services import (
    PLANNED_FIELDS,
    TRANSITIONS,
    moulding_need,
    production_order_create,
    production_order_transition,
    production_order_update,
    production_register,
)

STATUS_COLOURS = {
    ProductionStatus.PLANNED: "info",
    ProductionStatus.IN_PROGRESS: "warning",
    ProductionStatus.COMPLETED: "success",
    ProductionStatus.CANCELLED: "danger",
}
REGISTER_PERMISSIONS = ("production.change_productionorder", "products.add_product", "inventory.add_stockmovement")


def _quantity(value: Decimal | None) -> str:
    """A quantity as the business reads numbers (``1,7``), without trailing zeros."""
    return "—" if value is None else number_format(Decimal(f"{value.normalize():f}"), use_l10n=True)


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{number_format(value, decimal_pos=1, use_l10n=True)} %"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


class ForStockFilter(admin.SimpleListFilter):
    title = _("destino")
    parameter_name = "para_stock"

    def lookups(self, request, model_admin):
        return [("1", _("Para stock")), ("0", _("Para un pedido"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(customer_order__isnull=self.value() == "1")
        return queryset


class PlannedMaterialInline(TabularInline):
    model = PlannedMaterial
    form = ServiceModelForm
    fields = ["material", "quantity", "notes"]
    extra = 1
    tab = False
    verbose_name = _("material planificado")
    verbose_name_plural = _("Materiales planificados")

    def _closed(self, obj) -> bool:
        return obj is not None and not obj.is_open

    def has_add_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._closed(obj) and super().has_delete_permission(request, obj)


@admin.register(ProductionOrder)
class ProductionOrderAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    list_display = [
        "number",
        "description",
        "destination",
        "responsible_name",
        "planned_end",
        "status_badge",
        "finished_at",
    ]
    list_display_links = ["number", "description"]
    list_display_phone = ("number", "description", "status_badge")
    list_filter = [
        ("status", ChoicesRadioFilter),
        ForStockFilter,
        ("responsible", RelatedDropdownFilter),
        ("planned_end", DateRangeFilter),
        ("finished_at", DateRangeFilter),
    ]
    list_filter_submit = True
    search_fields = ["number"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Número, descripción o notas; sin importar tildes.")
    autocomplete_fields = ["customer_order"]
    inlines = [PlannedMaterialInline]
    actions = ["start_work", "cancel_orders"]
    resource_classes = [ProductionOrderResource]
    actions_detail = ["register_detail"]
    actions_list = ["efficiency_report"]
    readonly_fields = [
        "number",
        "moulding_need_display",
        "started_at",
        "finished_at",
        "cancelled_at",
        "efficiency_panel",
        "entries_panel",
        "products_panel",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = (
        (
            _("Qué se fabrica"),
            {
                "fields": [
                    "customer_order",
                    "description",
                    ("kind", "quantity"),
                    ("width_cm", "height_cm"),
                    "moulding",
                    ("glass", "mat", "backing"),
                ]
            },
        ),
        (_("Planificación"), {"fields": ["status", "responsible", ("planned_start", "planned_end"), "notes"]}),
    )

    def get_queryset(self, request):
        return production_order_admin_list()

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return (
            (
                _("Orden"),
                {"fields": [("number", "moulding_need_display"), ("started_at", "finished_at", "cancelled_at")]},
            ),
            *self.fieldsets,
            (_("Eficiencia"), {"fields": ["efficiency_panel"]}),
            (_("Producción registrada"), {"fields": ["entries_panel", "products_panel"]}),
            (_("Registro"), {"fields": [("created_by", "created_at", "updated_at")]}),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_open:
            fields += [
                "customer_order", "description", "kind", "quantity", "width_cm", "height_cm", "moulding", "glass",
                "mat", "backing", "status", "responsible", "planned_start", "planned_end",
            ]  # fmt: skip
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The status offers only where the order may go from here (completing it is registering it)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("status")
        if field is not None:
            current = obj.status if obj is not None else None
            allowed = (
                [current, *TRANSITIONS[current]]
                if current
                else [ProductionStatus.PLANNED, ProductionStatus.IN_PROGRESS]
            )
            field.choices = [(value, label) for value, label in ProductionStatus.choices if value in allowed]
        return form

    def has_import_permission(self, request):
        return False  # orders are planned one by one

    def has_delete_permission(self, request, obj=None):
        return False  # an order is cancelled, never deleted (the ledger names it)

    # --- Columns --------------------------------------------------------------------------------

    @display(description=_("Destino"), ordering="customer_order__number")
    def destination(self, order: ProductionOrder) -> str:
        return order.customer_order.number if order.customer_order_id else _("Stock")

    @display(description=_("Responsable"), ordering="responsible__username")
    def responsible_name(self, order: ProductionOrder) -> str:
        if order.responsible is None:
            return "—"
        return order.responsible.get_full_name() or order.responsible.username

    @display(description=_("Estado"), ordering="status", label={k.value: v for k, v in STATUS_COLOURS.items()})
    def status_badge(self, order: ProductionOrder):
        return order.status, order.get_status_display()

    @display(description=_("Moldura necesaria"))
    def moulding_need_display(self, order: ProductionOrder) -> str:
        if not (order.moulding_id and order.width_cm and order.height_cm):
            return "—"
        need = moulding_need(width_cm=order.width_cm, height_cm=order.height_cm, pieces=order.quantity)
        return _("%(metres)s m (perímetro + 4 ingletes)") % {"metres": _quantity(need)}

    @display(description=_("Eficiencia"))
    def efficiency_panel(self, order: ProductionOrder):
        if order.is_open:
            return _("Se calcula al registrar la producción.")
        figures = order_efficiency(order)
        if not figures["materials"]:
            return _("Sin producción registrada.")
        rows = format_html_join(
            "",
            '<tr class="border-t border-base-200 dark:border-base-800"><td class="py-1 pr-4">{}</td>'
            '<td class="py-1 pr-4 text-right">{}</td><td class="py-1 pr-4 text-right">{}</td>'
            '<td class="py-1 pr-4 text-right">{}</td><td class="py-1 pr-4 text-right">{}</td>'
            '<td class="py-1 pr-4 text-right">{}</td></tr>',
            (
                (
                    f"{row['material'].sku} · {row['material'].name}",
                    f"{_quantity(row['used'])} {row['material'].get_unit_display()}",
                    _quantity(row["returned"]),
                    _quantity(row["waste"]),
                    _percent(row["waste_percent"]),
                    _money(row["cost"]),
                )
                for row in figures["materials"]
            ),
        )
        return format_html(
            '<div data-testid="efficiency"><p class="mb-2">{}: <strong>{}</strong> · {}: <strong>{}</strong> '
            '({}) · {}: <strong>{}</strong> · {}: <strong>{}</strong></p>'
            '<table class="w-full text-sm"><thead><tr><th class="text-left pr-4">{}</th><th class="text-right pr-4">{}'
            '</th><th class="text-right pr-4">{}</th><th class="text-right pr-4">{}</th><th class="text-right pr-4">'
            '{}</th><th class="text-right pr-4">{}</th></tr></thead><tbody>{}</tbody></table></div>',
            _("Costo de materiales"), _money(figures["material_cost"]),
            _("Merma"), _money(figures["waste_cost"]),
            _percent(figures["waste_percent"]),
            _("Productos"), figures["products"],
            _("Costo por producto"), _money(figures["cost_per_product"]),
            _("Material"), _("Usado"), _("Retazos devueltos"), _("Merma"), _("Merma %"), _("Costo"), rows,
        )  # fmt: skip

    @display(description=_("Movimientos"))
    def entries_panel(self, order: ProductionOrder):
        entries = order.registered_entries
        if not entries:
            return "—"
        return format_html(
            '<ul class="text-sm" data-testid="entries">{}</ul>',
            format_html_join(
                "",
                "<li>{} · {} {} {} {}</li>",
                (
                    (
                        entry.get_kind_display(),
                        entry.material.name,
                        _quantity(entry.quantity),
                        entry.material.get_unit_display(),
                        f"({entry.get_reason_display()})" if entry.reason else "",
                    )
                    for entry in entries
                ),
            ),
        )

    @display(description=_("Productos terminados"))
    def products_panel(self, order: ProductionOrder):
        products = list(products_of(order.pk).order_by("code"))
        if not products:
            return "—"
        return format_html_join(
            ", ",
            '<a class="text-primary-600 underline" href="{}">{}</a> ({})',
            ((reverse("admin:products_product_change", args=[p.pk]), p.code, _money(p.cost)) for p in products),
        )

    # --- Writes: through the services -------------------------------------------------------------

    def create_object(self, request, data):
        return production_order_create(data=data, acting_user=request.user)

    def update_object(self, request, order, data):
        return production_order_update(order=order, data=data, acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        """Planned lines are written by the service in ``save_related``, never by the formset itself."""

    def save_related(self, request, form, formsets, change):
        order = form.instance
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is PlannedMaterial and _formset_changed(formset):
                production_order_update(
                    order=order, data={}, planned_materials=_rows(formset, PLANNED_FIELDS), acting_user=request.user
                )

    # --- Status steps -----------------------------------------------------------------------------

    def _step(self, request, queryset, status: str, done: str):
        count = 0
        for order in queryset:
            production_order_transition(order=order, status=status, acting_user=request.user)
            count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @action(description=_("Pasar a «en proceso»"), permissions=["change"])
    def start_work(self, request, queryset):
        self._step(request, queryset, ProductionStatus.IN_PROGRESS, _("%(count)d orden(es) en proceso."))

    @action(description=_("Cancelar"), permissions=["change"])
    def cancel_orders(self, request, queryset):
        self._step(request, queryset, ProductionStatus.CANCELLED, _("%(count)d orden(es) canceladas."))

    # --- Efficiency per material and per month ------------------------------------------------------

    @action(description=_("Eficiencia"), url_path="eficiencia", icon="monitoring", permissions=["view"])
    def efficiency_report(self, request):
        """Used vs waste per material and, per month, material cost per finished product (completed orders)."""
        form = EfficiencyPeriodForm(request.GET or None)
        date_from, date_to = EfficiencyPeriodForm.default_range()
        if form.is_valid():
            date_from = form.cleaned_data["desde"] or date_from
            date_to = form.cleaned_data["hasta"] or date_to
        materials = efficiency_by_material(date_from=date_from, date_to=date_to)
        months = efficiency_by_period(date_from=date_from, date_to=date_to)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Eficiencia de producción"),
            "opts": self.model._meta,
            "form": form,
            "date_from": date_from,
            "date_to": date_to,
            "materials": [
                {
                    **row,
                    "used_text": _quantity(row["used"]),
                    "returned_text": _quantity(row["returned"]),
                    "waste_text": _quantity(row["waste"]),
                    "percent_text": _percent(row["waste_percent"]),
                    "cost_text": _money(row["material_cost"]),
                    "waste_cost_text": _money(row["waste_cost"]),
                }
                for row in materials
            ],
            "months": [
                {
                    **row,
                    "cost_text": _money(row["material_cost"]),
                    "waste_cost_text": _money(row["waste_cost"]),
                    "percent_text": _percent(row["waste_percent_value"]),
                    "per_product_text": _money(row["cost_per_product"]),
                }
                for row in months
            ],
        }
        request.current_app = self.admin_site.name
        status = 400 if form.is_bound and not form.is_valid() else 200
        return TemplateResponse(request, "admin/production/productionorder/efficiency.html", context, status=status)

    # --- Registering production -------------------------------------------------------------------

    def has_register_detail_permission(self, request, object_id=None) -> bool:
        return self.is_available(request) and request.user.has_perms(REGISTER_PERMISSIONS)

    @action(
        description=_("Registrar producción"),
        url_path="registrar",
        icon="fact_check",
        permissions=["register_detail"],
    )
    def register_detail(self, request, object_id):
        order = self.get_object(request, object_id)
        if order is None:
            raise Http404(_("No existe esa orden de producción."))
        if not self.has_register_detail_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:production_productionorder_change", args=[order.pk])
        if not order.is_open:
            self.message_user(
                request,
                _("La orden %(number)s está %(status)s: no se puede registrar su producción.")
                % {"number": order.number, "status": order.get_status_display().lower()},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        data = request.POST if request.method == "POST" else None
        sets = {
            "consumption": ConsumptionFormSet(
                data,
                prefix="consumo",
                initial=[{"material": line.material, "quantity": line.quantity} for line in order.planned_rows] or [{}],
            ),
            "waste": WasteFormSet(data, prefix="merma"),
            "offcuts": OffcutFormSet(data, prefix="retazo"),
            "products": ProductFormSet(
                data,
                prefix="producto",
                initial=[{"kind": order.kind, "quantity": order.quantity, "location": "taller"}],
            ),
        }
        notes = RegisterNotesForm(data)
        error = None
        if data is not None and all(formset.is_valid() for formset in sets.values()) and notes.is_valid():
            lines = {name: _filled(formset) for name, formset in sets.items()}
            try:
                with transaction.atomic():
                    production_register(
                        order=order, **lines, notes=notes.cleaned_data["notes"], acting_user=request.user
                    )
            except ApplicationError as refused:
                error = refused
                for name, messages_ in (refused.errors or {}).items():
                    if name in sets:
                        sets[name]._non_form_errors = sets[name].error_class(messages_)
            else:
                self.message_user(
                    request,
                    _("Producción de la orden %(number)s registrada: la orden quedó completada.")
                    % {"number": order.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        elif data is not None:
            error = _("Revise los datos marcados.")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Registrar producción · %(number)s") % {"number": order.number},
            "opts": self.model._meta,
            "order": order,
            "sets": sets,
            "notes_form": notes,
            "error": str(getattr(error, "message", error)) if error else "",
            "change_url": change_url,
            "planned": order.planned_rows,
            "planned_end": date_format(order.planned_end, "SHORT_DATE_FORMAT") if order.planned_end else "",
        }
        return TemplateResponse(
            request, "admin/production/productionorder/register.html", context, status=400 if error else 200
        )


def _filled(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


def _deleted(form) -> bool:
    return bool(form.cleaned_data.get("DELETE"))


def _formset_changed(formset) -> bool:
    return any(form.has_changed() or _deleted(form) for form in formset.forms if hasattr(form, "cleaned_data"))


def _rows(formset, fields) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or _deleted(form):
            continue
        if form.instance._state.adding and not form.has_changed():
            continue
        rows.append({field: form.cleaned_data[field] for field in fields if field in form.cleaned_data})
    return rows
