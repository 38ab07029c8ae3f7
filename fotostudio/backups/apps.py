from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role


class BackupsConfig(AppConfig):
    name = "fotostudio.backups"
    label = "backups"
    verbose_name = _("Copias de seguridad")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="backups",
        name=_("Copias de seguridad"),
        # A copy's row is itself the record of who made which copy and when; it is carried across a restore in
        # place, which an event table (restored to the copy's day) could not follow.
        not_audited=("Backup",),
        icon="backup",
        always_enabled=True,
        order=945,
        sidebar=(SidebarItem(_("Copias de seguridad"), "backup", "backups.Backup"),),
        api_urls="fotostudio.backups.api.urls",
        # Only Administrador makes copies (and deletes old ones); Gerente sees the list.
        roles={Role.ADMINISTRATOR: ("view", "add", "delete"), Role.MANAGER: ("view",)},
    )
