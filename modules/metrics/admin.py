"""Indicators in the staff admin: the definitions, with each one's value in its current period and its state."""

from django.contrib import admin
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesRadioFilter
from unfold.decorators import display

from fotostudio.admin.base import BaseModelAdmin

from .models import KpiDefinition, KpiState, Unit
from .selectors import kpi_current_values, kpi_definition_list
from .services import kpi_definition_create, kpi_definition_delete, kpi_definition_update

STATE_COLOURS = {KpiState.GOOD: "success", KpiState.WARNING: "warning", KpiState.BAD: "danger", None: "info"}


@admin.register(KpiDefinition)
class KpiDefinitionAdmin(BaseModelAdmin):
    list_display = ["name", "measure", "period", "current_value", "target", "state_badge", "active_badge"]
    list_display_phone = ("name", "current_value", "state_badge")
    list_filter = [("measure", ChoicesRadioFilter), ("period", ChoicesRadioFilter), ("is_active", BooleanRadioFilter)]
    list_filter_submit = True
    search_fields = ["name"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Nombre o notas; sin importar tildes.")
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = (
        (None, {"fields": ["name", ("measure", "period"), "is_active"]}),
        (
            _("Meta y umbrales"),
            {
                "description": _(
                    "Si más alto es mejor: bueno desde el umbral bueno, alerta desde el umbral de alerta, malo por "
                    "debajo. Si más bajo es mejor, al revés. Los porcentajes van de 0 a 100."
                ),
                "fields": ["target", "direction", ("good_threshold", "warning_threshold")],
            },
        ),
        (_("Notas"), {"fields": ["notes"]}),
    )
    audit_fieldset = (_("Registro"), {"fields": [("created_by", "created_at", "updated_at")]})

    def get_queryset(self, request):
        return kpi_definition_list()

    def get_fieldsets(self, request, obj=None):
        return (*self.fieldsets, self.audit_fieldset) if obj else self.fieldsets

    def get_changelist_instance(self, request):
        """The page's indicators get their current value at once: a fixed number of queries per page."""
        changelist = super().get_changelist_instance(request)
        for row in kpi_current_values(changelist.result_list):
            row["kpi"].current = row
        return changelist

    @display(description=_("Valor actual"))
    def current_value(self, kpi: KpiDefinition):
        value = getattr(kpi, "current", {}).get("value")
        if value is None:
            return "—"
        # Like the target's column: the admin's number format; counts as whole numbers.
        shown = formats.localize(int(value) if kpi.unit == Unit.COUNT else value)
        if kpi.unit == Unit.TIMES:
            return _("%(value)s veces") % {"value": shown}
        return f"{shown} %" if kpi.unit == Unit.PERCENT else shown

    @display(description=_("Situación"), label=STATE_COLOURS)
    def state_badge(self, kpi: KpiDefinition):
        state = getattr(kpi, "current", {}).get("state")
        return state, KpiState(state).label if state else _("Sin datos")

    def create_object(self, request, data):
        return kpi_definition_create(data=data, acting_user=request.user)

    def update_object(self, request, obj, data):
        return kpi_definition_update(kpi_definition=obj, data=data, acting_user=request.user)

    def delete_object(self, request, obj):
        kpi_definition_delete(kpi_definition=obj, acting_user=request.user)
