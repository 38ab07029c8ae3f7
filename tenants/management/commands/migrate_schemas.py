"""django-tenants' ``migrate_schemas``, which also keeps the template schema migrated (``tenants/template.py``).

After a run over every business (no ``--schema``), the template is created if missing and migrated too, so
the next business cloned from it gets the same migrations. ``migrate`` is the same command.
"""

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        if self.sync_tenant and not options.get("schema_name") and not options.get("app_label"):
            from tenants.template import template_refresh

            template_refresh(verbosity=options.get("verbosity", 1))
