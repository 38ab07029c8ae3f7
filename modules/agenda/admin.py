"""The agenda in the staff admin: the list of appointments, a calendar (month and week) and the resources.

Writes go through the services (the clash check, the bookings, overbooking); the calendar is rendered on
the server from :mod:`.calendar` (no JavaScript), each appointment linking to its change page.
"""

from __future__ import annotations

from contextlib import contextmanager

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesRadioFilter, RelatedDropdownFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import LinkRef, link_resolve
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .calendar import build_calendar
from .models import Appointment, AppointmentStatus, AppointmentType, Resource
from .resources import AppointmentResource
from .selectors import appointment_list, resource_list, staff_choices
from .services import (
    appointment_create,
    appointment_delete,
    appointment_update,
    may_overbook,
    resource_create,
    resource_delete,
    resource_update,
)

STATUS_COLORS = {
    AppointmentStatus.SCHEDULED: "info",
    AppointmentStatus.CONFIRMED: "success",
    AppointmentStatus.COMPLETED: "primary",
    AppointmentStatus.CANCELLED: "danger",
    AppointmentStatus.NO_SHOW: "warning",
}
TYPE_COLORS = {
    AppointmentType.PHOTO_SESSION: "primary",
    AppointmentType.DELIVERY: "success",
    AppointmentType.MEETING: "info",
    AppointmentType.SCHOOL_SHOOT: "warning",
}


@contextmanager
def _staff_errors_on_the_team_field():
    """The service names the model's field (``staff``); on the form it is ``team``."""
    try:
        yield
    except ApplicationError as error:
        if "staff" in error.errors:
            error.errors["team"] = error.errors.pop("staff")
        raise


class AppointmentAdminForm(ServiceModelForm):
    """The staff as a form field of its own (``team``): the service assigns them, with their bookings."""

    team = forms.ModelMultipleChoiceField(
        label=_("Personal asignado"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
        help_text=_("Nadie del personal puede tener dos citas a la misma hora."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = staff_choices()
        if self.instance.pk and not self.is_bound:
            self.initial["team"] = [user.pk for user in self.instance.staff.all()]


class CancelledFilter(admin.SimpleListFilter):
    """Without the cancelled appointments: what the dashboard's «Citas de hoy» and «Citas de mañana» count."""

    title = _("canceladas")
    parameter_name = "canceladas"
    EXCLUDED = "no"

    def lookups(self, request, model_admin):
        return [(self.EXCLUDED, _("Sin las canceladas"))]

    def queryset(self, request, queryset):
        return queryset.exclude(status=AppointmentStatus.CANCELLED) if self.value() == self.EXCLUDED else queryset


@admin.register(Appointment)
class AppointmentAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    form = AppointmentAdminForm
    list_display = ["title", "type_badge", "starts_at", "ends_at", "client", "resource", "staff_names", "status_badge"]
    list_display_links = ["title"]
    list_display_phone = ("title", "starts_at", "status_badge")
    list_filter = [
        ("status", ChoicesRadioFilter),
        CancelledFilter,
        ("appointment_type", ChoicesRadioFilter),
        ("resource", RelatedDropdownFilter),
        ("staff", RelatedDropdownFilter),
        ("starts_at", DateRangeFilter),
    ]
    list_filter_sheet = False
    search_fields = ["title"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Título, lugar o notas; sin importar tildes.")
    date_hierarchy = None
    autocomplete_fields = ["client"]
    filter_horizontal = ()
    readonly_fields = ["overbooked_by", "created_by", "created_at", "updated_at"]
    fieldsets = (
        (_("Cita"), {"fields": ["appointment_type", "title", "client", "status"]}),
        (_("Cuándo y dónde"), {"fields": ["starts_at", "ends_at", "place", "resource", "team"]}),
        (_("Notas"), {"fields": ["notes"]}),
    )
    overbooking_fieldset = (
        _("Reservar sobre otra cita"),
        {
            "fields": ["overbooked"],
            "description": _(
                "Solo si debe ocupar al mismo personal o recurso que otra cita a la misma hora; queda registrado."
            ),
        },
    )
    audit_fieldset = (_("Registro"), {"fields": [("created_by", "created_at", "updated_at"), "overbooked_by"]})
    resource_classes = [AppointmentResource]
    change_form_before_template = "admin/agenda/appointment/calendar_link.html"

    def get_queryset(self, request):
        return appointment_list()

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(self.fieldsets)
        if may_overbook(request.user) or (obj is not None and obj.overbooked):
            fieldsets.append(self.overbooking_fieldset)
        if obj is not None:
            fieldsets.append(self.audit_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if not may_overbook(request.user):
            readonly.append("overbooked")
        return readonly

    def has_import_permission(self, request, *args, **kwargs):
        return False  # appointments are booked one by one, each with its checks

    @display(description=_("Tipo"), ordering="appointment_type", label=TYPE_COLORS)
    def type_badge(self, appointment: Appointment):
        return appointment.appointment_type, appointment.get_appointment_type_display()

    @display(description=_("Estado"), ordering="status", label=STATUS_COLORS)
    def status_badge(self, appointment: Appointment):
        return appointment.status, appointment.get_status_display()

    @display(description=_("Personal"))
    def staff_names(self, appointment: Appointment) -> str:
        return ", ".join(str(user) for user in appointment.staff.all()) or "—"

    # --- Writes go through the services ------------------------------------------------------

    def _form_data(self, form, names):
        data = super()._form_data(form, names)
        if "team" in names and "team" in form.cleaned_data:
            data["staff"] = list(form.cleaned_data["team"])
        return data

    # --- A delivery booked from a ready order («Agendar entrega» on the order's page: ?pedido=<id>) --------------

    def _order_of(self, request):
        """The order named by ``?pedido=``, checked like any link (exists here, may be seen); ``None`` without it."""
        order_id = request.GET.get("pedido")
        if not order_id:
            return None
        try:
            return link_resolve(LinkRef("pedido", order_id), acting_user=request.user)
        except ApplicationError:
            return None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("pedido", None)
        order = self._order_of(request)
        if order is not None:
            initial.update(
                appointment_type=AppointmentType.DELIVERY,
                title=_("Entrega del pedido %(number)s") % {"number": order.number},
                client=order.client_id,
            )
        return initial

    def create_object(self, request, data):
        order = self._order_of(request)
        link = LinkRef("pedido", str(order.pk)) if order is not None else None
        with _staff_errors_on_the_team_field():
            return appointment_create(data=data, link=link, acting_user=request.user)

    def update_object(self, request, appointment, data):
        with _staff_errors_on_the_team_field():
            return appointment_update(appointment=appointment, data=data, acting_user=request.user)

    def delete_object(self, request, appointment):
        appointment_delete(appointment=appointment, acting_user=request.user)

    # --- The calendar ------------------------------------------------------------------------

    def get_urls(self):
        return [
            path("calendar/", self.admin_site.admin_view(self.calendar_view), name="agenda_appointment_calendar"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "calendar_url": reverse("admin:agenda_appointment_calendar")}
        return super().changelist_view(request, extra_context)

    def calendar_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        calendar = build_calendar(
            view=request.GET.get("vista", ""),
            day=request.GET.get("fecha", ""),
            staff=request.GET.get("personal", ""),
            resource=request.GET.get("recurso", ""),
        )
        context = {
            "staff_choices": staff_choices(),
            "resource_choices": resource_list().filter(is_active=True),
            **self.admin_site.each_context(request),
            "title": calendar.title,
            "subtitle": None,
            "opts": self.opts,
            "calendar": calendar,
            "changelist_url": reverse("admin:agenda_appointment_changelist"),
            "add_url": reverse("admin:agenda_appointment_add") if self.has_add_permission(request) else None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/agenda/calendar.html", context)


@admin.register(Resource)
class ResourceAdmin(BaseModelAdmin):
    list_display = ["name", "kind", "active_badge"]
    list_display_phone = ("name", "active_badge")
    list_filter = [("kind", ChoicesRadioFilter), ("is_active", BooleanRadioFilter)]
    search_fields = ["name"]
    fieldsets = ((None, {"fields": ["name", "kind", "is_active", "description"]}),)

    def get_queryset(self, request):
        return resource_list()

    def create_object(self, request, data):
        return resource_create(data=data, acting_user=request.user)

    def update_object(self, request, resource, data):
        return resource_update(resource=resource, data=data, acting_user=request.user)

    def delete_object(self, request, resource):
        resource_delete(resource=resource, acting_user=request.user)
