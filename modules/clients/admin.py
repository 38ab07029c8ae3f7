"""Clients in the staff admin: list, search, filters, badges, form, import and export.

Import and export come from the shared :class:`~fotostudio.spreadsheets.admin.SpreadsheetAdminMixin`
(CSV/XLSX export of the current filters and search; the fast all-or-nothing import page
with its template download): this admin only names the resource and the service.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesRadioFilter, DropdownFilter
from unfold.contrib.filters.forms import RangeDateForm
from unfold.decorators import action, display

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .forms import ClientAdminForm
from .models import SCHOOL_FIELDS, Client, ClientType
from .resources import ClientResource
from .selectors import client_city_choices, client_list, orders_link
from .services import client_create, client_delete, client_delete_blockers, client_update, clients_import


class CityFilter(DropdownFilter):
    title = _("ciudad")
    parameter_name = "ciudad"

    def lookups(self, request, model_admin):
        return [(city, city) for city in client_city_choices()]

    def queryset(self, request, queryset):
        return queryset.filter(city=self.value()) if self.value() else queryset


class OrderedBetweenFilter(admin.ListFilter):
    """«Fecha de sus pedidos»: the clients with an order (not cancelled) dated from–to, the dashboard's «Clientes
    activos». Shown when the business has orders (the orders module lends the query, see ``orders_link``)."""

    title = _("fecha de sus pedidos (no cancelados)")
    parameter_name = "pedido"
    template = "unfold/filters/filters_date_range.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.request = request
        self.link = orders_link(getattr(request, "tenant", None))
        self.used_parameters = {}
        for name in self.expected_parameters():
            value = params.pop(name, None)
            value = value[-1] if isinstance(value, list) else value
            if value:
                self.used_parameters[name] = value

    def expected_parameters(self):
        return [f"{self.parameter_name}_from", f"{self.parameter_name}_to"]

    def has_output(self):
        return self.link is not None

    def _day(self, suffix: str):
        try:
            return forms.DateField(localize=True).to_python(self.used_parameters.get(self.parameter_name + suffix))
        except ValidationError:
            return None  # unreadable: ignored, as the other date filters do

    def queryset(self, request, queryset):
        since, until = self._day("_from"), self._day("_to")
        if self.link is None or (since is None and until is None):
            return queryset
        return self.link.ordered_between(queryset, since, until)

    def choices(self, changelist):
        yield {
            "request": self.request,
            "parameter_name": self.parameter_name,
            "form": RangeDateForm(
                name=self.parameter_name,
                data={name: self.used_parameters.get(name) for name in self.expected_parameters()},
            ),
        }


@admin.register(Client)
class ClientAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    form = ClientAdminForm
    list_display = ["name", "type_badge", "document", "city", "phone", "email", "active_badge", "created_at"]
    list_display_links = ["name"]
    list_display_phone = ("name", "type_badge", "phone")
    list_filter = [
        ("client_type", ChoicesRadioFilter),
        CityFilter,
        ("is_active", BooleanRadioFilter),
        ("created_at", DateRangeFilter),
        OrderedBetweenFilter,
    ]
    list_filter_sheet = False
    search_fields = ["name"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Nombre, documento, correo, teléfono o persona de contacto; sin importar tildes.")
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

    # Import and export (SpreadsheetAdminMixin)
    resource_classes = [ClientResource]
    import_service = staticmethod(clients_import)
    import_notes = _("Los documentos deben ser nuevos y no repetirse en el archivo.")

    def get_queryset(self, request):
        return client_list()

    def get_fieldsets(self, request, obj=None):
        return (*self.fieldsets, self.audit_fieldset) if obj else self.fieldsets

    @display(
        description=_("Tipo"),
        ordering="client_type",
        label={ClientType.PRIVATE: "info", ClientType.SCHOOL: "warning"},
    )
    def type_badge(self, client: Client):
        return client.client_type, client.get_client_type_display()

    # --- Writes go through the services ------------------------------------------------------

    def create_object(self, request, data):
        return client_create(data=data, acting_user=request.user)

    def update_object(self, request, client, data):
        return client_update(client=client, data=data, acting_user=request.user)

    def delete_object(self, request, client):
        client_delete(client=client, acting_user=request.user)

    def get_deleted_objects(self, objs, request):
        """The confirmation page lists what stops the deletion (other modules' blockers) as protected."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for client in objs:
            protected.extend(f"{client.name}: {reason}" for reason in client_delete_blockers(client))
        return deleted, model_count, perms_needed, protected

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
