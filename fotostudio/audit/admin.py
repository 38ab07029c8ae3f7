import json
import uuid

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter, RangeDateTimeFilter
from unfold.decorators import display

from fotostudio.admin.base import BaseModelAdmin, NaturalOrderChangeList
from fotostudio.admin.filters import DateRangeFilter

from .choices import AuditAction
from .display import changes_tables
from .models import AccessLog, AccessResult, ActivityLog, AuditEvent
from .selectors import audit_event_changes, audit_model_label, audit_models, audit_record_names

RESULT_COLORS = {
    AccessResult.LOGIN.label: "success",
    AccessResult.LOGOUT.label: "info",
    AccessResult.LOGIN_FAILED.label: "danger",
    AccessResult.THROTTLED.label: "warning",
}


class LogAdmin(BaseModelAdmin):
    """A log: written by the platform only. Nobody adds, changes or deletes a row here, superusers
    included; reading needs the audit module's view right (Administrador, Gerente)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Django's own «history» of a row nobody can change is always empty.
        return super().change_view(request, object_id, form_url, {"show_history": False, **(extra_context or {})})


@admin.register(AccessLog)
class AccessLogAdmin(LogAdmin):
    list_display = ["created_at", "username", "result_badge", "channel", "ip_address", "user_agent"]
    list_filter = ["result", "channel", ("created_at", RangeDateTimeFilter)]
    search_fields = ["username", "ip_address", "user_agent"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    @display(description=_("Resultado"), label=RESULT_COLORS)
    def result_badge(self, log: AccessLog) -> str:
        return log.get_result_display()


@admin.register(ActivityLog)
class ActivityLogAdmin(LogAdmin):
    """Every export (also listed in the trail, ``AuditEventAdmin``), with its filters."""

    list_display = ["created_at", "username", "action", "data_name", "row_count", "filters_text", "ip_address"]
    list_filter = ["action", "model", ("created_at", RangeDateTimeFilter)]
    search_fields = ["username", "model", "ip_address", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    fields = [
        "created_at",
        "user",
        "username",
        "action",
        "data_name",
        "row_count",
        "filters_text",
        "file_format",
        "ip_address",
        "request_id",
    ]
    readonly_fields = fields

    @display(description=_("Datos"), ordering="model")
    def data_name(self, log: ActivityLog) -> str:
        try:
            return capfirst(str(apps.get_model(log.model)._meta.verbose_name_plural))
        except (LookupError, ValueError):
            return log.model

    @display(description=_("Filtros y búsqueda"))
    def filters_text(self, log: ActivityLog) -> str:
        return json.dumps(log.filters, ensure_ascii=False) if log.filters else "—"


ACTION_COLORS = {
    AuditAction.CREATE.label: "success",
    AuditAction.UPDATE.label: "info",
    AuditAction.DELETE.label: "danger",
    AuditAction.EXPORT.label: "warning",
}


class AuditModelFilter(DropdownFilter):
    title = _("datos")
    parameter_name = "modelo"

    def lookups(self, request, model_admin):
        return [(label, audit_model_label(label)) for label in audit_models()]

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset


class AuditUserFilter(DropdownFilter):
    """The business's users; events of a deleted user are found by searching their name."""

    title = _("usuario")
    parameter_name = "usuario"

    def lookups(self, request, model_admin):
        return [
            (str(pk), username)
            for pk, username in get_user_model().objects.order_by("username").values_list("pk", "username")
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            return queryset.filter(user_id=uuid.UUID(self.value()))
        except ValueError:
            return queryset.none()


class AuditEventChangeList(NaturalOrderChangeList):
    """Each line names its record as the record is called now (one query per model on the page)."""

    def get_results(self, request):
        super().get_results(request)
        names = audit_record_names(self.result_list)
        for event in self.result_list:
            event.record_name = names.get((event.model, event.object_id))


@admin.register(AuditEvent)
class AuditEventAdmin(LogAdmin):
    """The audit trail: every create, change and delete of a record, and every export. Nobody writes here."""

    list_display = ["created_at", "action_badge", "data_name", "record_link", "username", "ip_address", "request_id"]
    list_display_links = ["created_at"]
    list_display_phone = ("created_at", "action_badge", "data_name", "username")
    list_filter = [
        ("action", ChoicesDropdownFilter),
        AuditModelFilter,
        AuditUserFilter,
        ("created_at", DateRangeFilter),
    ]
    list_filter_sheet = False
    search_fields = ["username", "request_id", "ip_address", "object_id"]
    search_help_text = _("Usuario, id de la petición, IP o id del registro.")
    fields = [
        "created_at",
        "action",
        "data_name",
        "record_link",
        "username",
        "ip_address",
        "request_id",
        "path",
        "channel",
        "changes",
    ]
    readonly_fields = fields

    @display(description=_("Acción"), ordering="action", label=ACTION_COLORS)
    def action_badge(self, event: AuditEvent) -> str:
        return event.get_action_display()

    @display(description=_("Datos"), ordering="model")
    def data_name(self, event: AuditEvent) -> str:
        return audit_model_label(event.model)

    def get_changelist(self, request, **kwargs):
        return AuditEventChangeList

    @display(description=_("Registro"))
    def record_link(self, event: AuditEvent) -> str:
        """The record's name, linked to its history; a deleted record by its id."""
        if not event.object_id:
            return "—"
        if hasattr(event, "record_name"):  # the list read the page's names at once
            name = event.record_name
        else:
            name = audit_record_names([event]).get((event.model, event.object_id))
        if name is None:
            return format_html('{} <span class="text-base-500">({})</span>', event.object_id, _("eliminado"))
        app_label, _dot, model_name = event.model.partition(".")
        try:
            url = reverse(f"admin:{app_label}_{model_name}_history", args=[event.object_id])
        except NoReverseMatch:
            return name
        return format_html('<a class="text-primary-600 underline" href="{}">{}</a>', url, name)

    @display(description=_("Qué cambió"))
    def changes(self, event: AuditEvent) -> str:
        detail = audit_event_changes(event)
        if detail.export is not None:
            export = detail.export
            return format_html(
                "{} · {} · {}",
                _("%(count)d filas") % {"count": export.row_count},
                export.file_format.upper() or "—",
                json.dumps(export.filters, ensure_ascii=False) if export.filters else _("sin filtros"),
            )
        try:
            model = apps.get_model(event.model)
        except (LookupError, ValueError):
            model = None
        return render_to_string(
            "admin/audit/changes.html",
            {"rows": changes_tables(model, [detail.changes])[0], "before_known": detail.before_known},
        )
