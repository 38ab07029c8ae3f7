from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class MetricsConfig(AppConfig):
    name = "modules.metrics"
    label = "metrics"
    verbose_name = _("Indicadores")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="metrics",
        name=_("Indicadores"),
        icon="speed",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Indicadores"), "speed", "metrics.KpiDefinition"),),
        api_urls="modules.metrics.api.urls",
        # Figures about money and stock, like the reports: the management and the accountant define the
        # indicators and read the figures; the computed endpoints ask for ``metrics.view_kpidefinition``.
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.ACCOUNTING: ("*",),
        },
        demo_seeder="modules.metrics.demo.seed_demo_metrics",
        order=95,
    )
