import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminFileFieldWidget

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.audit.models import ActivityAction
from fotostudio.audit.services import activity_log_record
from fotostudio.core.errors import ApplicationError
from fotostudio.jobs.models import Job
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .importing import COLUMNS, ImportRefused, category_columns, materials_import_start, template_rows
from .models import ATTRIBUTE_FIELDS, CATEGORY_ATTRIBUTES, Material, MaterialCategory, StockLevel, StockMovement
from .resources import MaterialResource
from .selectors import low_stock_condition, low_stock_materials, material_list, movement_list
from .services import material_create, material_delete, material_update, movement_create

#: Movements shown on a material's page (the movements list has them all).
LEDGER_ROWS = 50
BADGE_CLASSES = {
    StockLevel.OK: "bg-green-100 text-green-700 dark:bg-green-500/20 dark:text-green-400",
    StockLevel.LOW: "bg-orange-100 text-orange-700 dark:bg-orange-500/20 dark:text-orange-400",
    StockLevel.OUT: "bg-red-100 text-red-700 dark:bg-red-500/20 dark:text-red-400",
}
#: The columns each category's list shows besides the common ones.
CATEGORY_LIST_COLUMNS = {category: list(names[:3]) for category, names in CATEGORY_ATTRIBUTES.items()}


def stock_badge_html(level: str):
    return format_html(
        '<span class="inline-block font-semibold leading-normal px-2 py-1 rounded-default text-xxs uppercase '
        'whitespace-nowrap {}" data-stock="{}">{}</span>',
        BADGE_CLASSES[level],
        level,
        StockLevel(level).label,
    )


def _neutralised(value) -> str:
    """A spreadsheet cell that can never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class MaterialImportForm(forms.Form):
    archivo = forms.FileField(
        label=gettext_lazy("Archivo CSV o XLSX"),
        help_text=gettext_lazy("Los archivos grandes se importan en segundo plano: verá su avance."),
        # The admin's own file widget: its script writes the chosen file's name in the widget's text box
        # (a plain input left it without one: a script error on every choice of file).
        widget=UnfoldAdminFileFieldWidget(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class StockFilter(admin.SimpleListFilter):
    """«Por reponer»: active materials at or under their minimum (``low_stock_condition``, the dashboard's figure
    and the reorder page); «Agotados»: active ones with nothing on hand."""

    title = gettext_lazy("existencias")
    parameter_name = "existencias"
    LOW = "por_reponer"
    OUT = "agotados"

    def lookups(self, request, model_admin):
        return [(self.LOW, _("Por reponer (en su mínimo o debajo)")), (self.OUT, _("Agotados"))]

    def queryset(self, request, queryset):
        if self.value() == self.LOW:
            return queryset.filter(low_stock_condition())
        if self.value() == self.OUT:
            return queryset.filter(is_active=True, quantity_on_hand=0)
        return queryset


@admin.register(Material)
class MaterialAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    list_display = ["sku", "name", "category", "stock_badge", "quantity_display", "minimum_stock", "supplier"]
    list_display_phone = ("name", "stock_badge")
    list_filter = [
        ("category", ChoicesDropdownFilter),
        ("is_active", BooleanRadioFilter),
        StockFilter,
        ("created_at", DateRangeFilter),
    ]
    list_filter_submit = True
    search_fields = ["name"]
    search_column = "search_text"
    search_help_text = gettext_lazy("SKU, nombre, proveedor o ubicación; sin importar tildes.")
    readonly_fields = [
        "quantity_on_hand",
        "average_cost",
        "stock_badge",
        "ledger",
        "created_by",
        "created_at",
        "updated_at",
    ]
    #: On the add form an attribute shows when its category is chosen; on a change page the category is
    #: read-only (no form value) and the fieldset already holds only that category's attributes.
    conditional_fields = {
        name: "typeof category === 'undefined' || "
        + " || ".join(f"category == '{category}'" for category, names in CATEGORY_ATTRIBUTES.items() if name in names)
        for name in ATTRIBUTE_FIELDS
    }
    resource_classes = [MaterialResource]

    def get_queryset(self, request):
        return material_list()

    def get_list_display(self, request):
        category = request.GET.get("category__exact")
        if category in CATEGORY_LIST_COLUMNS:
            return ["sku", "name", *CATEGORY_LIST_COLUMNS[category], "stock_badge", "quantity_display", "supplier"]
        return self.list_display

    def get_fieldsets(self, request, obj=None):
        attributes = list(CATEGORY_ATTRIBUTES[obj.category]) if obj else list(ATTRIBUTE_FIELDS)
        common = ["sku", "name", "category", "unit", "unit_cost", "minimum_stock", "reorder_quantity", "supplier",
                  "location", "is_active"]  # fmt: skip
        fieldsets = [
            (None, {"fields": common}),
            (_("Atributos de la categoría"), {"fields": attributes}),
        ]
        if obj is not None:
            fieldsets.append(
                (_("Existencias"), {"fields": ["stock_badge", "quantity_on_hand", "average_cost", "ledger"]})
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        return [*fields, "category"] if obj is not None else fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if request.GET.get("category") in MaterialCategory.values:
            initial["category"] = request.GET["category"]
        return initial

    @admin.display(description=gettext_lazy("Stock"))
    def stock_badge(self, material: Material):
        return stock_badge_html(material.stock_level)

    @admin.display(description=gettext_lazy("Existencias"), ordering="quantity_on_hand")
    def quantity_display(self, material: Material):
        return f"{material.quantity_on_hand.normalize():f} {material.get_unit_display()}"

    @admin.display(description=gettext_lazy("Movimientos"))
    def ledger(self, material: Material):
        movements = list(movement_list(material=material)[:LEDGER_ROWS])
        if not movements:
            return _("Sin movimientos todavía.")
        rows = format_html_join(
            "",
            '<tr class="border-t border-base-200 dark:border-base-800"><td class="py-1 pr-4">{}</td>'
            '<td class="py-1 pr-4">{}</td><td class="py-1 pr-4 text-right">{}</td><td class="py-1 pr-4 text-right">{}'
            '</td><td class="py-1 pr-4 text-right">{}</td><td class="py-1 pr-4">{}</td></tr>',
            (
                (
                    timezone.localtime(m.created_at).strftime("%d/%m/%Y %H:%M"),
                    m.get_kind_display(),
                    f"{m.quantity.normalize():+f}",
                    f"{m.unit_cost.normalize():f}",
                    f"{m.balance_after.normalize():f}",
                    " · ".join(part for part in (m.reference, m.note) if part) or "—",
                )
                for m in movements
            ),
        )
        link = reverse("admin:inventory_stockmovement_changelist") + f"?material__id__exact={material.pk}"
        return format_html(
            '<table class="w-full text-sm" data-testid="ledger"><thead><tr><th class="text-left pr-4">{}</th>'
            '<th class="text-left pr-4">{}</th><th class="text-right pr-4">{}</th><th class="text-right pr-4">{}</th>'
            '<th class="text-right pr-4">{}</th><th class="text-left pr-4">{}</th></tr></thead><tbody>{}</tbody>'
            '</table><a class="text-primary-600 underline" href="{}">{}</a>',
            _("Fecha"), _("Tipo"), _("Cantidad"), _("Costo"), _("Saldo"), _("Referencia"), rows, link,
            _("Todos los movimientos"),
        )  # fmt: skip

    def create_object(self, request, data):
        values = dict(data)
        category = values.pop("category", None) or request.GET.get("category")
        if category not in MaterialCategory.values:
            raise ApplicationError(_("Elija la categoría."), errors={"category": [_("Elija la categoría.")]})
        return material_create(category=category, data=values, acting_user=request.user)

    def update_object(self, request, obj, data):
        return material_update(material=obj, data=data, acting_user=request.user)

    def delete_object(self, request, obj):
        material_delete(material=obj, acting_user=request.user)

    # --- import, templates and reorder suggestions ----------------------------------------------

    def has_import_permission(self, request):
        return all(
            request.user.has_perm(f"inventory.{codename}")
            for codename in ("add_material", "change_material", "add_stockmovement")
        )

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.materials_import_view), name="inventory_material_import"),
            path(
                "template/<str:category>/",
                self.admin_site.admin_view(self.template_view),
                name="inventory_material_template",
            ),
            path("reorder/", self.admin_site.admin_view(self.reorder_view), name="inventory_material_reorder"),
        ]
        return own + [url for url in super().get_urls() if getattr(url, "name", "") != "inventory_material_import"]

    def materials_import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = MaterialImportForm(request.POST if posted else None, request.FILES if posted else None)
        refusal = None
        if posted and form.is_valid():
            try:
                outcome = materials_import_start(uploaded=form.cleaned_data["archivo"], acting_user=request.user)
            except ImportRefused as exc:
                refusal = exc
            except ApplicationError as exc:
                form.add_error("archivo", str(exc.message))
            else:
                if isinstance(outcome, Job):
                    self.message_user(request, _("El archivo se está importando: aquí ve su avance."), messages.INFO)
                    return redirect(reverse("admin:jobs_job_change", args=[outcome.pk]))
                self.message_user(
                    request,
                    _("Importación terminada. Materiales nuevos: %(created)s; actualizados: %(updated)s; "
                      "movimientos de existencias: %(movements)s.")
                    % {"created": outcome.created, "updated": outcome.updated, "movements": outcome.movements},
                    messages.SUCCESS,
                )  # fmt: skip
                return redirect(reverse("admin:inventory_material_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importar materiales"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "refusal": refusal,
            "problems": refusal.problems if refusal else [],
            "hidden": max(0, refusal.total - len(refusal.problems)) if refusal else 0,
            "columns": [(name, column.help) for name, column in COLUMNS.items()],
            "categories": [(value, label, category_columns(value)) for value, label in MaterialCategory.choices],
        }
        request.current_app = self.admin_site.name
        status = 400 if (refusal or form.errors) else 200
        return TemplateResponse(request, "admin/inventory/material/import.html", context, status=status)

    def template_view(self, request, category: str):
        if not self.has_import_permission(request) or category not in MaterialCategory.values:
            raise PermissionDenied
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(template_rows(category))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="plantilla-materiales-{category}.csv"'
        return response

    def reorder_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        materials = list(low_stock_materials())
        if request.GET.get("export") == "csv":
            if not self.has_export_permission(request):
                raise PermissionDenied
            return self._reorder_csv(request, materials)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reposición sugerida"),
            "opts": self.opts,
            "materials": materials,
            "badges": {m.pk: stock_badge_html(m.stock_level) for m in materials},
            "total": sum((m.estimated_cost for m in materials), 0),
            "can_export": self.has_export_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/inventory/material/reorder.html", context)

    def _reorder_csv(self, request, materials):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            ["proveedor", "sku", "nombre", "unidad", "existencias", "stock_minimo", "faltante", "cantidad_sugerida",
             "costo_unitario", "costo_estimado", "ultima_compra"]
        )  # fmt: skip
        for m in materials:
            last = timezone.localtime(m.last_purchase_at).strftime("%Y-%m-%d") if m.last_purchase_at else ""
            writer.writerow(
                [_neutralised(value) for value in (
                    m.supplier, m.sku, m.name, m.unit, m.quantity_on_hand, m.minimum_stock, m.shortfall,
                    m.suggested_quantity, m.unit_cost, round(m.estimated_cost, 2), last,
                )]
            )  # fmt: skip
        activity_log_record(
            request=request,
            action=ActivityAction.EXPORT,
            model=Material,
            row_count=len(materials),
            filters=request.GET,
            file_format="csv",
        )
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="reposicion-{timezone.localdate():%Y-%m-%d}.csv"'
        return response


class MovementForm(ServiceModelForm):
    unit_cost = forms.DecimalField(
        label=gettext_lazy("Costo unitario"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=4,
        widget=UnfoldAdminDecimalFieldWidget,
        help_text=gettext_lazy("En una compra: mueve el costo promedio. Vacío: el costo promedio actual."),
    )


@admin.register(StockMovement)
class StockMovementAdmin(BaseModelAdmin):
    list_display = [
        "created_at",
        "material",
        "kind",
        "quantity",
        "unit_cost",
        "balance_after",
        "reference",
        "note",
        "created_by",
    ]
    list_filter = [("kind", ChoicesDropdownFilter), ("created_at", DateRangeFilter)]
    list_filter_submit = True
    list_select_related = ["material", "created_by"]
    autocomplete_fields = ["material"]
    form = MovementForm
    fields = ["material", "kind", "quantity", "unit_cost", "reference", "note"]

    def get_queryset(self, request):
        return movement_list()

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "balance_after", "created_by", "created_at"] if obj is not None else []

    def create_object(self, request, data):
        return movement_create(data=data, acting_user=request.user)
