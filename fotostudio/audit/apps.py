from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role


class AuditConfig(AppConfig):
    name = "fotostudio.audit"
    label = "audit"
    verbose_name = _("Auditoría")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="audit",
        name=_("Auditoría"),
        icon="policy",
        always_enabled=True,
        order=950,
        sidebar=(
            SidebarItem(_("Accesos"), "login", "audit.AccessLog"),
            SidebarItem(_("Actividad"), "history", "audit.ActivityLog"),
        ),
        roles={Role.ADMINISTRATOR: ("view",), Role.MANAGER: ("view",)},
    )

    def ready(self):
        from . import signals  # noqa: F401  (admin sign-ins go to the access log)
