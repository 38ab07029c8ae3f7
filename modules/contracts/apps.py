from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class ContractsConfig(AppConfig):
    name = "modules.contracts"
    label = "contracts"
    verbose_name = _("Contratos con colegios")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="contracts",
        name=_("Contratos con colegios"),
        icon="handshake",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Contratos con colegios"), "handshake", "contracts.Contract"),),
        api_urls="modules.contracts.api.urls",
        # Actions: "view", "add", "change", "delete", "export" (download the list: needs the model's
        # export permission, declared in models.py), or "*" for all of them.
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.READ_ONLY: ("view",),
        },
    )
