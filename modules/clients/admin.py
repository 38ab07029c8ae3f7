"""Clients in the staff admin: list, search, filters, badges, form, import and export.

Export is django-import-export's (``ExportMixin``: CSV/XLSX of the current
filters and search). Import is our own view at the same URL the library's
buttons use (``…/import/``): the library's row-by-row import is too slow for a
school's list and not all-or-nothing by default, so the view reads the file
(:mod:`.tabular`) and hands it to ``services.clients_import``.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from tablib import Dataset
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesRadioFilter, DropdownFilter, RangeDateFilter
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import action, display

from fotostudio.admin import BaseModelAdmin
from fotostudio.errors import ApplicationError

from .forms import ClientAdminForm, ClientImportForm
from .models import SCHOOL_FIELDS, Client, ClientType
from .resources import REQUIRED_COLUMNS, ClientResource, import_template_rows
from .selectors import client_city_choices, client_list, client_search
from .services import (
    CLIENT_EDITABLE_FIELDS,
    ClientImportError,
    client_create,
    client_delete,
    client_delete_blockers,
    client_update,
    clients_import,
)
from .tabular import SpreadsheetError, read_table

#: Row errors shown on the import page (the count of the rest is shown too).
MAX_ROW_ERRORS_SHOWN = 200

COLUMN_HELP = {
    "tipo": _("particular (por defecto) o colegio."),
    "tipo_documento": _("cedula, ruc o pasaporte. En blanco: se deduce del número."),
    "documento": _("Obligatorio. Cédula (10 dígitos) o RUC (13) con dígito verificador válido."),
    "nombre": _("Obligatorio. Nombre completo o de la institución."),
    "email": _("Correo electrónico válido."),
    "telefono": _("De 7 a 15 dígitos; se admiten espacios, guiones y «+»."),
    "direccion": _("Calle, número e intersección."),
    "ciudad": _("Se guarda con mayúscula inicial: «quito» queda «Quito»."),
    "notas": _("Texto libre."),
    "es_activo": _("sí o no (por defecto sí)."),
    "niveles": _(
        "Solo colegios. Separados por comas: inicial, preparatoria, basica_elemental, basica_media, "
        "basica_superior, bachillerato."
    ),
    "numero_estudiantes": _("Solo colegios. Número entero."),
    "mes_inicio_anio_lectivo": _("Solo colegios. Número (1 a 12) o nombre del mes."),
    "codigo_institucion": _("Solo colegios. Código AMIE."),
    "contacto_nombre": _("Solo colegios."),
    "contacto_cargo": _("Solo colegios."),
}


class CityFilter(DropdownFilter):
    title = _("ciudad")
    parameter_name = "ciudad"

    def lookups(self, request, model_admin):
        return [(city, city) for city in client_city_choices()]

    def queryset(self, request, queryset):
        return queryset.filter(city=self.value()) if self.value() else queryset


class CreatedDateFilter(RangeDateFilter):
    """Whole days in the business's time zone ("to 31/01" includes all of the 31st), dates typed
    in the active language's format (unfold's own filter only reads ``settings.DATE_INPUT_FORMATS``)."""

    def queryset(self, request, queryset):
        lookups = {}
        for suffix, lookup in (("_from", "created_at__date__gte"), ("_to", "created_at__date__lte")):
            try:
                day = forms.DateField(localize=True).to_python(self.used_parameters.get(self.parameter_name + suffix))
            except ValidationError:
                day = None  # an unreadable date is ignored, as unfold does
            if day:
                lookups[lookup] = day
        return queryset.filter(**lookups)


@admin.register(Client)
class ClientAdmin(ExportMixin, BaseModelAdmin):
    form = ClientAdminForm
    list_display = ["name", "type_badge", "document", "city", "phone", "email", "active_badge", "created_at"]
    list_display_links = ["name"]
    list_filter = [
        ("client_type", ChoicesRadioFilter),
        CityFilter,
        ("is_active", BooleanRadioFilter),
        ("created_at", CreatedDateFilter),
    ]
    list_filter_sheet = False
    search_fields = ["name"]  # shows the box; the search itself is client_search (see get_search_results)
    search_help_text = _("Nombre, documento, correo, teléfono o persona de contacto; sin importar tildes.")
    ordering = ["name", "id"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    actions = ["activate_clients", "deactivate_clients"]
    conditional_fields = {field: "client_type == 'colegio'" for field in SCHOOL_FIELDS}
    fieldsets = (
        (_("Cliente"), {"fields": ["client_type", ("document_type", "document"), "name", "is_active"]}),
        (_("Contacto"), {"fields": [("email", "phone"), "address", "city"]}),
        (
            _("Datos del colegio"),
            {
                "classes": ["school-fields"],
                "description": _("Solo para colegios: la institución, su contacto y sus estudiantes."),
                "fields": [
                    "institution_code",
                    ("contact_name", "contact_role"),
                    "levels",
                    ("student_count", "school_year_start_month"),
                ],
            },
        ),
        (_("Notas"), {"fields": ["notes"]}),
    )
    audit_fieldset = (_("Registro"), {"fields": [("created_by", "created_at", "updated_at")]})

    # Export (django-import-export)
    resource_classes = [ClientResource]
    formats = [CSV, XLSX]
    export_form_class = ExportForm
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"

    def get_queryset(self, request):
        return client_list()

    def get_fieldsets(self, request, obj=None):
        return (*self.fieldsets, self.audit_fieldset) if obj else self.fieldsets

    def get_search_results(self, request, queryset, search_term):
        return client_search(queryset, search_term), False

    @display(
        description=_("Tipo"),
        ordering="client_type",
        label={ClientType.PRIVATE: "info", ClientType.SCHOOL: "warning"},
    )
    def type_badge(self, client: Client):
        return client.client_type, client.get_client_type_display()

    @display(description=_("Estado"), ordering="is_active", label={True: "success", False: "danger"})
    def active_badge(self, client: Client):
        return client.is_active, _("Activo") if client.is_active else _("Inactivo")

    # --- Writes go through the services ------------------------------------------------------

    def save_model(self, request, obj, form, change):
        data = {field: getattr(obj, field) for field in CLIENT_EDITABLE_FIELDS}
        if change:
            client_update(client=obj, data=data, acting_user=request.user)
            return
        created = client_create(**data, acting_user=request.user)
        obj.pk, obj.created_at, obj.updated_at, obj.created_by = (
            created.pk,
            created.created_at,
            created.updated_at,
            created.created_by,
        )
        obj._state.adding, obj._state.db = False, created._state.db

    def get_deleted_objects(self, objs, request):
        """The confirmation page lists what stops the deletion (other modules' blockers) as protected."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for client in objs:
            protected.extend(f"{client.name}: {reason}" for reason in client_delete_blockers(client))
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        client_delete(client=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for client in queryset:
            client_delete(client=client, acting_user=request.user)

    @action(description=_("Activar clientes seleccionados"))
    def activate_clients(self, request, queryset):
        self._set_active(request, queryset, True)

    @action(description=_("Desactivar clientes seleccionados"))
    def deactivate_clients(self, request, queryset):
        self._set_active(request, queryset, False)

    def _set_active(self, request, queryset, active: bool):
        count = 0
        for client in queryset.filter(is_active=not active):
            client_update(client=client, data={"is_active": active}, acting_user=request.user)
            count += 1
        message = (
            ngettext("%(count)d cliente activado.", "%(count)d clientes activados.", count)
            if active
            else ngettext("%(count)d cliente desactivado.", "%(count)d clientes desactivados.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    # --- Import and export permissions follow the module and the roles ---------------------

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_action), name=f"{prefix}_import"),
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{prefix}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_action(self, request):
        """Upload a CSV/XLSX; every row is checked; all of it is imported, or none and the errors are listed."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = ClientImportForm(request.POST if posted else None, request.FILES if posted else None)
        failure, checked = None, None
        if posted and form.is_valid():
            try:
                table = read_table(form.cleaned_data["import_file"])
                result = clients_import(table=table, acting_user=request.user, dry_run=form.cleaned_data["dry_run"])
            except SpreadsheetError as exc:
                form.add_error("import_file", str(exc.message))
            except ApplicationError as exc:  # ClientImportError, or a 409 from a concurrent registration
                failure = exc
            else:
                if not result.dry_run:
                    self.message_user(
                        request,
                        ngettext("Se importó %(count)d cliente.", "Se importaron %(count)d clientes.", result.created)
                        % {"count": result.created},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:clients_client_changelist"))
                checked = result
        row_errors = failure.row_errors if isinstance(failure, ClientImportError) else []
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importar clientes"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "failure": failure,
            "row_errors": row_errors[:MAX_ROW_ERRORS_SHOWN],
            "row_errors_hidden": max(0, len(row_errors) - MAX_ROW_ERRORS_SHOWN),
            "checked": checked,
            "columns": [
                (field.column_name, field.column_name in REQUIRED_COLUMNS, COLUMN_HELP.get(field.column_name, ""))
                for field in ClientResource.import_columns()
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/clients/client/import.html", context, status=400 if failure or form.errors else 200
        )

    def import_template_view(self, request, extension: str):
        """A file with the columns and two example rows (a private client and a school)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {"csv": CSV, "xlsx": XLSX}
        if extension not in formats:
            raise Http404
        headers, rows = import_template_rows()
        file_format = formats[extension]()
        response = HttpResponse(
            file_format.export_data(Dataset(*rows, headers=headers)), content_type=file_format.get_content_type()
        )
        response["Content-Disposition"] = f'attachment; filename="plantilla_clientes.{extension}"'
        return response
