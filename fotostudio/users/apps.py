from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role


class UsersConfig(AppConfig):
    name = "fotostudio.users"
    label = "users"
    verbose_name = _("Usuarios")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="users",
        name=_("Usuarios y roles"),
        icon="group",
        always_enabled=True,
        on_public_host=True,
        order=900,
        sidebar=(
            SidebarItem(_("Usuarios"), "person", "users.User"),
            SidebarItem(_("Roles"), "shield_person", "users.RoleGroup"),
        ),
        api_urls="fotostudio.users.api.urls",
        roles={Role.ADMINISTRATOR: ("*",), Role.MANAGER: ("view",)},
        dashboard_sections=("fotostudio.users.dashboard.team_section",),
        demo_seeder="fotostudio.users.demo.seed_demo_users",
        not_audited=("LoginBucket",),  # the sign-in limiter's counters; attempts are the access log's
    )

    def ready(self):
        from .services import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="users.roles_sync")
