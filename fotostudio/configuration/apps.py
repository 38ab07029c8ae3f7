from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role

from .catalogue import GROUPS, SETTINGS


class ConfigurationConfig(AppConfig):
    name = "fotostudio.configuration"
    label = "configuration"
    verbose_name = _("Configuración")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="configuration",
        name=_("Configuración"),
        # Each number taken moves a counter: the numbered record's own trail says who and when.
        not_audited=("NumberSequence",),
        icon="settings",
        always_enabled=True,
        order=940,
        sidebar=(SidebarItem(_("Ajustes del negocio"), "tune", "configuration.Setting"),),
        api_urls="fotostudio.configuration.api.urls",
        # Administrador changes the settings (and may work during maintenance); Gerente reads them.
        roles={Role.ADMINISTRATOR: ("*",), Role.MANAGER: ("view",)},
        demo_seeder="fotostudio.configuration.demo.seed_demo_settings",
        setting_groups=GROUPS,
        settings=SETTINGS,
    )

    def ready(self):
        from . import checks  # noqa: F401  (the settings' declarations are checked at start-up)
        from .services import connect_signals

        connect_signals()
