"""``migrate`` is ``migrate_schemas`` (as in django-tenants), with the template schema kept migrated."""

from .migrate_schemas import Command  # noqa: F401
