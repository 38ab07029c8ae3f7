"""Alerts and rules in the staff admin.

- «Alertas»: the business's alerts with priority and state badges, filters (state, priority, type, date),
  the record each is about, and a «Resolver» page (comment and actions taken) from the alert's page, or the
  «Resolver» action on the list. Alerts are not edited or deleted by hand: they are a history.
- «Reglas de alerta»: the rules, with the condition's help (the variables a condition sees, examples) and
  the action's; saving goes through the services (the condition is checked, the error shown on the field).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextareaWidget

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core import links
from fotostudio.core.errors import ApplicationError

from .models import Alert, AlertRule, AlertStatus
from .selectors import alert_list, rule_list
from .services import ACTION_HELP, alert_raise, alert_resolve, rule_create, rule_delete, rule_update
from .types import alert_type_label, alert_types_for

PRIORITY_COLORS = {"BAJA": "info", "MEDIA": "primary", "ALTA": "warning", "CRITICA": "danger"}
STATUS_COLORS = {AlertStatus.OPEN: "danger", AlertStatus.RESOLVED: "success"}

CONDITION_HELP = gettext_lazy(
    "Una expresión CEL que debe dar verdadero. Variables: registro (el registro que cambió, con los nombres de "
    "la API: registro.humedad, registro.stock_actual…), tipo_registro (lote, material, cliente…) y ahora (la "
    'fecha y hora). Ejemplos: registro.humedad > 14.0 · tipo_registro == "lote" && registro.estado == '
    '"RECHAZADO" · has(registro.email) && registro.email == "".'
)


def _type_choices():
    return [(code, f"{spec.label} ({code})") for code, spec in alert_types_for().items()]


class AlertTypeFilter(admin.SimpleListFilter):
    title = gettext_lazy("tipo de alerta")
    parameter_name = "tipo_alerta"

    def lookups(self, request, model_admin):
        return _type_choices()

    def queryset(self, request, queryset):
        return queryset.filter(alert_type=self.value()) if self.value() else queryset


class AlertForm(ServiceModelForm):
    alert_type = forms.ChoiceField(label=gettext_lazy("Tipo de alerta"), widget=UnfoldAdminSelectWidget)

    class Meta:
        model = Alert
        fields = ["alert_type", "priority", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alert_type"].choices = _type_choices()


class ResolveForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comentario"), required=False, max_length=2000, widget=UnfoldAdminTextareaWidget
    )
    actions_taken = forms.CharField(
        label=gettext_lazy("Acciones tomadas"), required=False, max_length=2000, widget=UnfoldAdminTextareaWidget
    )


@admin.register(Alert)
class AlertAdmin(BaseModelAdmin):
    form = AlertForm
    list_display = [
        "description_text",
        "type_name",
        "priority_badge",
        "status_badge",
        "record",
        "created_at",
        "resolver",
    ]
    list_display_links = ["description_text"]
    list_display_phone = ("description_text", "priority_badge", "status_badge")
    list_filter = ["status", "priority", AlertTypeFilter, ("created_at", DateRangeFilter)]
    search_fields = ["description"]
    actions = ["resolve_selected"]
    readonly_fields = [
        "type_name",
        "priority",
        "description",
        "status",
        "record_detail",
        "rule",
        "created_by",
        "created_at",
        "comment",
        "actions_taken",
        "resolved_by",
        "resolved_at",
    ]
    fieldsets = (
        (
            gettext_lazy("Alerta"),
            {"fields": ["type_name", "priority", "description", "status", "record_detail", "rule"]},
        ),
        (gettext_lazy("Resolución"), {"fields": ["comment", "actions_taken", ("resolved_by", "resolved_at")]}),
        (gettext_lazy("Origen"), {"fields": [("created_by", "created_at")]}),
    )
    add_fieldsets = ((None, {"fields": ["alert_type", "priority", "description"]}),)
    change_form_outer_before_template = "admin/alerts/alert/resolve_button.html"

    def get_queryset(self, request):
        return alert_list()

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def create_object(self, request, data):
        return alert_raise(
            alert_type=data.get("alert_type", ""),
            priority=data.get("priority", ""),
            description=data.get("description", ""),
            acting_user=request.user,
        )

    def _form_data(self, form, names):
        return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}

    def save_model(self, request, obj, form, change):
        if change:  # nothing of an alert is edited by hand; it is resolved on its own page
            return
        super().save_model(request, obj, form, change)

    # --- Columns --------------------------------------------------------------------------------------------

    @display(description=gettext_lazy("Descripción"), ordering="description")
    def description_text(self, alert: Alert) -> str:
        return alert.description if len(alert.description) <= 90 else f"{alert.description[:89]}…"

    @display(description=gettext_lazy("Tipo"), ordering="alert_type")
    def type_name(self, alert: Alert) -> str:
        return alert_type_label(alert.alert_type)

    @display(description=gettext_lazy("Prioridad"), ordering="priority", label=PRIORITY_COLORS)
    def priority_badge(self, alert: Alert):
        return alert.priority, alert.get_priority_display()

    @display(description=gettext_lazy("Estado"), ordering="status", label=STATUS_COLORS)
    def status_badge(self, alert: Alert):
        return alert.status, alert.get_status_display()

    @display(description=gettext_lazy("Registro"))
    def record(self, alert: Alert) -> str:
        kind = links.link_kind_of(alert)
        if kind is None:
            return "—"
        return f"{kind.label} {alert.link_id}"

    @display(description=gettext_lazy("Registro"))
    def record_detail(self, alert: Alert):
        """On the alert's page: the record's name, linked to its page (or its id, if it was deleted)."""
        found = links.linked_records([alert]).get(alert.pk)
        if found is None:
            return self.record(alert)
        label = links.record_label(found)
        try:
            url = reverse(f"admin:{found._meta.app_label}_{found._meta.model_name}_change", args=[found.pk])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @display(description=gettext_lazy("Resuelta por"))
    def resolver(self, alert: Alert) -> str:
        return str(alert.resolved_by) if alert.resolved_by_id else "—"

    # --- Resolving ------------------------------------------------------------------------------------------

    @action(description=gettext_lazy("Resolver las alertas seleccionadas"), permissions=["change"])
    def resolve_selected(self, request, queryset):
        resolved = 0
        with transaction.atomic():
            for alert in queryset.filter(status=AlertStatus.OPEN):
                alert_resolve(alert=alert, comment=_("Resuelta desde la lista de alertas."), acting_user=request.user)
                resolved += 1
        self.message_user(request, _("Alertas resueltas: %(count)d.") % {"count": resolved}, messages.SUCCESS)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/resolver/", view(self.resolve_view), name="alerts_alert_resolve"),
            *super().get_urls(),
        ]

    def resolve_view(self, request, object_id):
        alert = self.get_object(request, object_id)
        if alert is None:
            raise Http404(_("No existe esa alerta."))
        if not self.has_change_permission(request, alert):
            raise PermissionDenied
        form = ResolveForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                alert_resolve(alert=alert, acting_user=request.user, **form.cleaned_data)
            except ApplicationError as error:
                self.message_user(request, str(error.message), messages.ERROR)
            else:
                self.message_user(request, _("La alerta quedó resuelta."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:alerts_alert_change", args=[alert.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Resolver la alerta"),
            "subtitle": str(alert),
            "opts": self.model._meta,
            "original": alert,
            "alert": alert,
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/alerts/alert/resolve.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        alert = self.get_object(request, object_id)
        if alert is not None and alert.is_open and self.has_change_permission(request, alert):
            extra_context = {
                **(extra_context or {}),
                "resolve_url": reverse("admin:alerts_alert_resolve", args=[alert.pk]),
            }
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)


class RuleForm(ServiceModelForm):
    alert_type = forms.ChoiceField(label=gettext_lazy("Tipo de alerta"), widget=UnfoldAdminSelectWidget)

    class Meta:
        model = AlertRule
        fields = ["name", "alert_type", "condition", "action", "active"]
        help_texts = {"condition": CONDITION_HELP, "action": ACTION_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alert_type"].choices = _type_choices()


@admin.register(AlertRule)
class AlertRuleAdmin(BaseModelAdmin):
    form = RuleForm
    list_display = ["name", "type_name", "condition_code", "action", "active_badge"]
    list_display_links = ["name"]
    list_filter = ["active", AlertTypeFilter]
    search_fields = ["name", "condition"]
    fields = ["name", "alert_type", "condition", "action", "active"]

    def get_queryset(self, request):
        return rule_list()

    def create_object(self, request, data):
        return rule_create(data=data, acting_user=request.user)

    def update_object(self, request, obj, data):
        return rule_update(rule=obj, data=data, acting_user=request.user)

    def delete_object(self, request, obj):
        rule_delete(rule=obj, acting_user=request.user)

    @display(description=gettext_lazy("Tipo"), ordering="alert_type")
    def type_name(self, rule: AlertRule) -> str:
        return alert_type_label(rule.alert_type)

    @display(description=gettext_lazy("Condición"))
    def condition_code(self, rule: AlertRule):
        return format_html("<code>{}</code>", rule.condition[:80])

    @display(description=gettext_lazy("Activa"), ordering="active", label={True: "success", False: "danger"})
    def active_badge(self, rule: AlertRule):
        return rule.active, _("Activa") if rule.active else _("Inactiva")
