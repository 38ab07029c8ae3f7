from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class ReportsConfig(AppConfig):
    name = "modules.reports"
    label = "reports"
    verbose_name = _("Informes")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="reports",
        name=_("Informes"),
        icon="monitoring",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Informes"), "monitoring", "reports.Report"),),
        api_urls="modules.reports.api.urls",
        # Figures about money and stock: the management and the accountant.
        roles={
            Role.ADMINISTRATOR: ("view", "export"),
            Role.MANAGER: ("view", "export"),
            Role.ACCOUNTING: ("view", "export"),
        },
        order=90,
    )
