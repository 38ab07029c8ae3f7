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
            SidebarItem(_("Actividad"), "history", "audit.AuditEvent"),
            SidebarItem(_("Accesos"), "login", "audit.AccessLog"),
            SidebarItem(_("Exportaciones"), "download", "audit.ActivityLog"),
        ),
        api_urls="fotostudio.audit.api.urls",
        roles={Role.ADMINISTRATOR: ("view",), Role.MANAGER: ("view",)},
        not_audited=("AccessLog", "ActivityLog"),  # logs themselves, written once and never changed
    )

    def ready(self):
        from django.core.management.commands import makemigrations
        from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
        from django_tenants.signals import schema_migrated, schema_pre_migration

        from . import checks, signals  # noqa: F401  (the audit check; admin sign-ins go to the access log)
        from .schema import after_schema_migration, before_schema_migration

        # pgtrigger (installed before this app) gives makemigrations and migrate an autodetector that knows
        # triggers; django-tenants' migrate command must use the same one (Django 5.2's check commands.E001).
        MigrateSchemasCommand.autodetector = makemigrations.Command.autodetector
        # Every schema migrate_schemas migrates gets its trigger functions pinned and its trail view.
        schema_pre_migration.connect(before_schema_migration, dispatch_uid="audit.before_schema_migration")
        schema_migrated.connect(after_schema_migration, dispatch_uid="audit.after_schema_migration")
