from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import AlertTypeSpec, ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType

#: Staff who work on records see alerts, raise them by hand, resolve them and write rules; only managers delete..
_WORK = ("view", "add", "change")
_AGRO = frozenset({BusinessType.AGRO_TRACEABILITY})


class AlertsConfig(AppConfig):
    name = "fotostudio.alerts"
    label = "alerts"
    verbose_name = _("Alertas")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="alerts",
        name=_("Alertas"),
        icon="notifications_active",
        always_enabled=True,
        order=810,
        sidebar=(
            SidebarItem(_("Alertas"), "warning", "alerts.Alert"),
            SidebarItem(_("Reglas de alerta"), "rule", "alerts.AlertRule"),
        ),
        api_urls="fotostudio.alerts.api.urls",
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: _WORK,
            Role.PRODUCTION: _WORK,
            Role.PHOTOGRAPHER: _WORK,
            Role.ACCOUNTING: _WORK,
            Role.FIELD_TECHNICIAN: _WORK,
            Role.QUALITY: _WORK,
            Role.LOGISTICS: _WORK,
            Role.READ_ONLY: ("view",),
        },
        # The agro vertical's kinds of alert (the frontend's contract); studio modules declare theirs
        # (STOCK_BAJO, MERMA, PEDIDO_ATRASADO, CONTRATO_POR_VENCER) in their own specs.
        alert_types=(
            AlertTypeSpec("CALIDAD", _("Calidad"), business_types=_AGRO),
            AlertTypeSpec("LOGISTICA", _("Logística"), business_types=_AGRO),
            AlertTypeSpec("PROCESAMIENTO", _("Procesamiento"), business_types=_AGRO),
            AlertTypeSpec("SINCRONIZACION", _("Sincronización"), business_types=_AGRO),
        ),
    )

    def ready(self):
        from . import checks  # noqa: F401 - registers the alert types' system check
