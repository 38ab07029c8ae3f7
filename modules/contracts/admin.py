"""School contracts in the staff admin: list with status badges, filters and search; the form with the
price list inline and the roster below it; the roster's import page on the contract; export.

Writes go through the services: the contract's fields through ``contract_create/update``, the price
list's inline through ``contract_packages_set`` (the whole list, all or nothing), the roster through
``roster_import`` (the «Importar listado» page) and ``roster_student_delete``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from tablib import Dataset
from unfold.contrib.filters.admin import DropdownFilter, RangeDateFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminDateWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm, TabularInline
from fotostudio.core.errors import ApplicationError
from fotostudio.spreadsheets.admin import (
    MAX_ROW_ERRORS_SHOWN,
    TEMPLATE_FORMATS,
    SpreadsheetAdminMixin,
    SpreadsheetImportForm,
)
from fotostudio.spreadsheets.imports import column_of, parse_table
from fotostudio.spreadsheets.tabular import SpreadsheetError, read_table
from modules.clients.models import Client, ClientType
from modules.orders.models import ServiceType

from .models import Contract, ContractPackage, ContractStatus, RosterStudent
from .resources import ContractResource, RosterResource
from .selectors import commission_owed, contract_alert_days, contract_list, contracts_expiring
from .services import (
    DEFAULT_SERVICE_TYPE_CODE,
    contract_create,
    contract_delete,
    contract_delete_blockers,
    contract_orders_start,
    contract_packages_set,
    contract_update,
    roster_import,
    roster_student_delete,
)

STATUS_COLOURS = {
    ContractStatus.DRAFT: "info",
    ContractStatus.ACTIVE: "success",
    ContractStatus.EXPIRED: "warning",
    ContractStatus.CANCELLED: "danger",
}


class CurrentStatusFilter(admin.SimpleListFilter):
    """The current status (``VENCIDO`` computed), not the stored one; and «Por vencer»: in force and ending
    within the days of the alerts setting (the dashboard's card links here)."""

    title = _("estado")
    parameter_name = "estado"
    EXPIRING = "por_vencer"

    def lookups(self, request, model_admin):
        return [*ContractStatus.choices, (self.EXPIRING, _("Por vencer"))]

    def queryset(self, request, queryset):
        if self.value() == self.EXPIRING:
            expiring = contracts_expiring(days=contract_alert_days()).values("pk")
            return queryset.filter(pk__in=expiring)
        return queryset.filter(current_status=self.value()) if self.value() else queryset


class AcademicYearFilter(DropdownFilter):
    title = _("año lectivo")
    parameter_name = "anio_lectivo"

    def lookups(self, request, model_admin):
        years = Contract.objects.order_by("-academic_year").values_list("academic_year", flat=True).distinct()
        return [(year, year) for year in years]

    def queryset(self, request, queryset):
        return queryset.filter(academic_year=self.value()) if self.value() else queryset


class PackageInline(TabularInline):
    """The price list; saved as a whole by ``contract_packages_set`` (see ``ContractAdmin.save_formset``)."""

    model = ContractPackage
    fields = ["name", "contents", "unit_price"]
    extra = 0
    min_num = 0
    tab = False
    verbose_name = _("paquete")
    verbose_name_plural = _("Lista de precios (paquetes)")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "contents":
            kwargs["widget"] = UnfoldAdminTextInputWidget  # one line in the table, framed like the rest
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RosterInline(TabularInline):
    """The roster, read-only and paged: it grows by importing the school's list («Importar listado»)."""

    model = RosterStudent
    fields = ["student_name", "grade", "section", "guardian_name", "phone", "email"]
    readonly_fields = fields
    extra = 0
    per_page = 25
    verbose_name = _("estudiante")
    verbose_name_plural = _("Listado de estudiantes")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("grade", "section", "student_name", "id")


class CreateOrdersForm(forms.Form):
    """«Crear pedidos del listado»: the package every student's order carries, the service and the promise."""

    package = forms.ModelChoiceField(queryset=ContractPackage.objects.none(), label=_("Paquete"))
    service_type = forms.ModelChoiceField(queryset=ServiceType.objects.none(), label=_("Tipo de servicio"))
    promised_date = forms.DateField(label=_("Fecha prometida"), required=False, widget=UnfoldAdminDateWidget)

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].queryset = ContractPackage.objects.filter(contract=contract).order_by("name")
        self.fields["package"].label_from_instance = lambda package: f"{package.name} — {package.unit_price}"
        types = ServiceType.objects.filter(is_active=True).order_by("position", "name")
        self.fields["service_type"].queryset = types
        self.fields["service_type"].initial = types.filter(code=DEFAULT_SERVICE_TYPE_CODE).first()
        for field in self.fields.values():
            if not isinstance(field.widget, UnfoldAdminDateWidget):
                field.widget = UnfoldAdminSelectWidget(choices=field.widget.choices)


class ContractAdminForm(ServiceModelForm):
    """Input shape only (the service validates): schools only in the select, no «Vencido» to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "school" in self.fields:
            self.fields["school"].queryset = Client.objects.filter(client_type=ClientType.SCHOOL).order_by("name")
        if "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in self.fields["status"].choices if choice[0] != ContractStatus.EXPIRED
            ]


@admin.register(Contract)
class ContractAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    form = ContractAdminForm
    list_display = [
        "number",
        "title",
        "school_name",
        "academic_year",
        "start_date",
        "end_date",
        "status_badge",
        "roster_size",
    ]
    list_display_links = ["number", "title"]
    list_display_phone = ("number", "school_name", "status_badge")
    list_filter = [CurrentStatusFilter, AcademicYearFilter, ("end_date", RangeDateFilter)]
    list_filter_sheet = False
    search_fields = ["title"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Número, título o año lectivo; sin importar tildes.")
    readonly_fields = [
        "number",
        "current_status_badge",
        "orders_summary",
        "commission_owed_display",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [PackageInline, RosterInline]
    actions_detail = ["roster_import_page", "create_orders_page"]
    fieldsets = (
        (_("Contrato"), {"fields": ["school", "title", "academic_year", ("start_date", "end_date"), "status"]}),
        (_("Condiciones"), {"fields": [("commission_rate", "expected_students", "deposit"), "terms"]}),
    )
    audit_fieldset = (
        _("Registro"),
        {
            "fields": [
                ("number", "current_status_badge"),
                ("orders_summary", "commission_owed_display"),
                ("created_by", "created_at", "updated_at"),
            ]
        },
    )

    # Export (SpreadsheetAdminMixin); contracts are not imported from files, their rosters are.
    resource_classes = [ContractResource]

    def has_import_permission(self, request):
        return False

    def get_queryset(self, request):
        return contract_list()

    def get_fieldsets(self, request, obj=None):
        return (*self.fieldsets, self.audit_fieldset) if obj else self.fieldsets

    @display(description=_("Colegio"), ordering="school__name")
    def school_name(self, contract: Contract):
        return contract.school.name

    @display(description=_("Estudiantes"), ordering="roster_count")
    def roster_size(self, contract: Contract):
        return contract.roster_count

    @display(description=_("Estado"), ordering="status", label=STATUS_COLOURS)
    def status_badge(self, contract: Contract):
        status = ContractStatus(getattr(contract, "current_status", contract.status))
        return status.value, status.label

    @display(description=_("Estado actual"))
    def current_status_badge(self, contract: Contract):
        """The current status in words (``Vencido`` once a contract in force passes its end date)."""
        return ContractStatus(getattr(contract, "current_status", contract.status)).label

    @display(description=_("Pedidos del contrato"))
    def orders_summary(self, contract: Contract):
        return getattr(contract, "orders_count", 0)  # the change page's object comes from contract_list()

    @display(description=_("Comisión adeudada al colegio"))
    def commission_owed_display(self, contract: Contract):
        return commission_owed(contract)

    # --- Writes go through the services ------------------------------------------------------

    def create_object(self, request, data):
        return contract_create(data=data, acting_user=request.user)

    def update_object(self, request, contract, data):
        return contract_update(contract=contract, data=data, acting_user=request.user)

    def delete_object(self, request, contract):
        contract_delete(contract=contract, acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        # Django's change message reads these; the services wrote the rows (the audit trail has them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is ContractPackage:
            packages = [
                {field: item.cleaned_data.get(field) for field in ("name", "contents", "unit_price")}
                for item in formset.forms
                if item.has_changed() or item.instance.pk
                if item.cleaned_data and not item.cleaned_data.get("DELETE")
            ]
            contract_packages_set(contract=form.instance, packages=packages, acting_user=request.user)
        elif formset.model is RosterStudent:
            for item in formset.forms:
                if item.cleaned_data.get("DELETE") and item.instance.pk:
                    roster_student_delete(student=item.instance, acting_user=request.user)
        else:  # pragma: no cover - no other inline
            super().save_formset(request, form, formset, change)

    def get_deleted_objects(self, objs, request):
        """The confirmation page lists what stops the deletion (orders…) as protected."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for contract in objs:
            protected.extend(f"{contract.number}: {reason}" for reason in contract_delete_blockers(contract))
        return deleted, model_count, perms_needed, protected

    # --- The roster's import page ------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "roster/template.<str:extension>",
                self.admin_site.admin_view(self.roster_template_view),
                name="contracts_rosterstudent_import_template",
            ),
            *super().get_urls(),
        ]

    @action(description=_("Importar listado"), url_path="roster-import", permissions=["change"], icon="upload_file")
    def roster_import_page(self, request, object_id):
        """Upload the school's list (CSV/XLSX): every row is checked; all of it is added, or none."""
        contract = self.get_object(request, object_id)
        if contract is None:
            raise Http404
        if not self.has_change_permission(request, contract):
            raise PermissionDenied
        posted = request.method == "POST"
        form = SpreadsheetImportForm(request.POST if posted else None, request.FILES if posted else None)
        failure, checked = None, None
        if posted and form.is_valid():
            try:
                rows = parse_table(read_table(form.cleaned_data["import_file"]), RosterResource)
                result = roster_import(
                    contract=contract, rows=rows, acting_user=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except SpreadsheetError as exc:
                form.add_error("import_file", str(exc.message))
            except ApplicationError as exc:  # ImportRejected, a cancelled contract
                failure = exc
            else:
                if not result.dry_run:
                    self.message_user(
                        request,
                        ngettext(
                            "Se añadió %(count)d estudiante al listado.",
                            "Se añadieron %(count)d estudiantes al listado.",
                            result.created,
                        )
                        % {"count": result.created},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:contracts_contract_change", args=[contract.pk]))
                checked = result
        row_errors = [
            {
                "line": error.line,
                "column": column_of(RosterResource, error.field),
                "message": error.message,
                "value": error.value,
            }
            for error in getattr(failure, "row_errors", [])
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importar el listado de estudiantes de %(contract)s") % {"contract": contract},
            "opts": RosterStudent._meta,
            "original": contract,
            "form": form,
            "media": self.media + form.media,
            "failure": failure,
            "row_errors": row_errors[:MAX_ROW_ERRORS_SHOWN],
            "row_errors_hidden": max(0, len(row_errors) - MAX_ROW_ERRORS_SHOWN),
            "checked": checked,
            "import_notes": _(
                "Los estudiantes se añaden al listado del contrato; uno que ya está (mismo nombre, grado y paralelo) "
                "o que se repite en el archivo es un error."
            ),
            "columns": [
                (
                    field.column_name,
                    field.column_name in RosterResource.required_columns,
                    RosterResource.column_help.get(field.column_name, ""),
                )
                for field in RosterResource.import_columns()
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/spreadsheet_import.html", context, status=400 if failure or form.errors else 200
        )

    def roster_template_view(self, request, extension: str):
        """A roster file with the columns and two example rows."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if extension not in TEMPLATE_FORMATS:
            raise Http404
        headers, rows = RosterResource.import_template()
        file_format = TEMPLATE_FORMATS[extension]()
        response = HttpResponse(
            file_format.export_data(Dataset(*rows, headers=headers)), content_type=file_format.get_content_type()
        )
        name = slugify(str(RosterStudent._meta.verbose_name_plural)).replace("-", "_")
        response["Content-Disposition"] = f'attachment; filename="plantilla_{name}.{extension}"'
        return response

    # --- «Crear pedidos del listado» ------------------------------------------------------------

    @action(
        description=_("Crear pedidos del listado"),
        url_path="create-orders",
        permissions=["change"],
        icon="receipt_long",
    )
    def create_orders_page(self, request, object_id):
        """Choose the package; a job makes one order per student still without one (all or nothing)."""
        contract = self.get_object(request, object_id)
        if contract is None:
            raise Http404
        if not (self.has_change_permission(request, contract) and request.user.has_perm("orders.add_order")):
            raise PermissionDenied
        form = CreateOrdersForm(request.POST or None, contract=contract)
        if request.method == "POST" and form.is_valid():
            try:
                job = contract_orders_start(
                    contract=contract,
                    package_id=form.cleaned_data["package"].pk,
                    service_type_id=form.cleaned_data["service_type"].pk,
                    promised_date=form.cleaned_data["promised_date"],
                    acting_user=request.user,
                )
            except ApplicationError as exc:
                form.add_error(None, str(exc.message))
                for field, messages_ in exc.errors.items():
                    if field in form.fields:
                        form.add_error(field, messages_)
            else:
                self.message_user(request, _("Se están creando los pedidos: siga el avance aquí."), messages.SUCCESS)
                return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
        pending = RosterStudent.objects.filter(contract=contract).exclude(contract_orders__contract=contract).count()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Crear pedidos del listado de %(contract)s") % {"contract": contract},
            "opts": self.opts,
            "original": contract,
            "form": form,
            "pending": pending,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/contracts/contract/create_orders.html", context, status=400 if form.errors else 200
        )
