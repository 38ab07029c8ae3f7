"""New businesses are cloned from the template schema: the same structure as a migrated one, their own rows."""

from __future__ import annotations

import re

from django.db import connection
from django_tenants.utils import schema_context

from conftest import TEST_PASSWORD
from fotostudio.backups import postgres
from tenants.models import Tenant

from .drill import drop_business

CATALOGUE = {
    "columns": """
        SELECT table_name, column_name,
               -- the position among the live columns: a migration that dropped a column leaves a gap in attnum
               row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position),
               data_type, is_nullable, column_default,
               character_maximum_length, numeric_precision, numeric_scale, is_identity, identity_generation,
               is_generated, generation_expression
        FROM information_schema.columns WHERE table_schema = %(schema)s""",
    "constraints": """
        SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid), c.condeferrable, c.condeferred
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.connamespace = %(schema)s::regnamespace""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(schema)s",
    "triggers": """
        SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal""",
    "functions": """
        SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.prosrc, p.proconfig::text
        FROM pg_proc p WHERE p.pronamespace = %(schema)s::regnamespace""",
    "views": "SELECT viewname, definition FROM pg_views WHERE schemaname = %(schema)s",
    "sequences": """
        SELECT sequence_name, data_type, increment, minimum_value, maximum_value
        FROM information_schema.sequences WHERE sequence_schema = %(schema)s""",
    "migrations": 'SELECT app, name FROM "{schema}".django_migrations',
    "content types": 'SELECT app_label, model FROM "{schema}".django_content_type',
    "permissions": """
        SELECT ct.app_label, p.codename FROM "{schema}".auth_permission p
        JOIN "{schema}".django_content_type ct ON ct.id = p.content_type_id""",
    "roles": """
        SELECT g.name, ct.app_label, p.codename FROM "{schema}".auth_group g
        JOIN "{schema}".auth_group_permissions gp ON gp.group_id = g.id
        JOIN "{schema}".auth_permission p ON p.id = gp.permission_id
        JOIN "{schema}".django_content_type ct ON ct.id = p.content_type_id""",
    "settings": 'SELECT key, value::text FROM "{schema}".configuration_setting',
}


#: Parts whose expressions PostgreSQL stores as parsed trees and prints back (checks, index predicates,
#: defaults, generated columns): a restored schema re-parses the printed text, which can place the same casts
#: differently — ``(ARRAY['A'::varchar])::text[]`` becomes ``ARRAY[('A'::varchar)::text]``. The same meaning;
#: compared without casts and parentheses.
REPARSED = {"columns", "constraints", "indexes"}
CASTS = re.compile(r"::[a-z ]+(\(\d+(,\d+)?\))?(\[\])?|[()\s]")


def canonical(value: str) -> str:
    return CASTS.sub("", value)


def structure(schema: str) -> dict[str, list[tuple]]:
    """Everything pg_catalog says of ``schema`` (and its platform rows), with its name written ``<schema>``."""
    name = re.compile(rf'"?\b{re.escape(schema)}\b"?')
    described = {}
    with connection.cursor() as cursor:
        for part, sql in CATALOGUE.items():
            if "{schema}" in sql:
                cursor.execute(sql.replace("{schema}", schema))
            else:
                cursor.execute(sql, {"schema": schema})
            rows = [
                tuple(name.sub("<schema>", value) if isinstance(value, str) else value for value in row)
                for row in cursor.fetchall()
            ]
            if part in REPARSED:
                rows = [tuple(canonical(value) if isinstance(value, str) else value for value in row) for row in rows]
            described[part] = sorted(rows, key=repr)
    return described


def _create(concurrently, slug: str, **options) -> Tenant:
    from tenants.services import tenant_create

    concurrently.cleanup(None, lambda: [drop_business(t) for t in Tenant.objects.filter(schema_name=slug)])
    return concurrently.once(
        lambda: tenant_create(
            name=slug,
            slug=slug,
            domain=f"{slug.replace('_', '-')}.testserver",
            admin_email=f"admin@{slug.replace('_', '-')}.test",
            admin_password=TEST_PASSWORD,
            **options,
        ),
        timeout=600,  # migrating a business from nothing takes minutes on a busy machine
    )


def test_a_cloned_business_is_identical_in_structure_to_a_migrated_one(concurrently):
    _create(concurrently, "shape_cloned")
    _create(concurrently, "shape_migrated", from_template=False)
    cloned = concurrently.once(lambda: structure("shape_cloned"))
    migrated = concurrently.once(lambda: structure("shape_migrated"))
    assert len(cloned["columns"]) > 200 and len(cloned["triggers"]) >= 20 and len(cloned["indexes"]) > 50
    for part in CATALOGUE:
        assert cloned[part] == migrated[part], part


def test_a_cloned_business_has_its_own_roles_and_first_administrator_and_nothing_of_the_template(concurrently):
    from fotostudio.users.models import User
    from tenants.choices import BusinessType

    _create(concurrently, "shape_agro", business_type=BusinessType.AGRO_TRACEABILITY)

    def read():
        with schema_context("shape_agro"):
            from django.contrib.auth.models import Group

            return sorted(Group.objects.values_list("name", flat=True)), list(
                User.objects.values_list("username", "is_superuser")
            )

    roles, users = concurrently.once(read)
    assert "Técnico de campo" in roles and "Fotógrafo" not in roles
    assert users == [("admin", True)]
    assert concurrently.once(lambda: postgres.schema_exists("_template"))


def test_writes_in_a_cloned_business_are_audited_in_its_own_schema(concurrently):
    _create(concurrently, "shape_audit")

    def write_and_count():
        from modules.clients.models import Client
        from tests.factories import create, load_all

        load_all()
        with schema_context("shape_audit"):
            create(Client)
        counts = {}
        with connection.cursor() as cursor:
            for schema in ("shape_audit", "_template"):
                cursor.execute(f'SELECT count(*) FROM "{schema}".clients_clientevent')
                counts[schema] = cursor.fetchone()[0]
        with schema_context("shape_audit"):
            from fotostudio.audit.models import AuditEvent

            counts["trail"] = AuditEvent.objects.filter(model="clients.client").count()
        return counts

    assert concurrently.once(write_and_count) == {"shape_audit": 1, "_template": 0, "trail": 1}


def test_creating_a_business_inside_a_transaction_that_rolls_back_leaves_no_schema(tenant_a):
    from django.db import transaction

    from tenants.services import tenant_create

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            tenant_create(
                name="Deshecho",
                slug="shape_rolled_back",
                domain="shape-rolled-back.testserver",
                admin_email="admin@rolled.test",
                admin_password=TEST_PASSWORD,
            )
            assert postgres.schema_exists("shape_rolled_back")
            raise Undo
    except Undo:
        pass
    assert not postgres.schema_exists("shape_rolled_back")
    assert postgres.schema_exists("_template")


def test_migrate_and_migrate_schemas_are_the_commands_that_keep_the_template_migrated(test_tenants, db):
    from django.core.management import get_commands, load_command_class

    from tenants.management.commands.migrate_schemas import Command as KeepsTheTemplate
    from tenants.template import template_is_current

    commands = get_commands()
    assert commands["migrate_schemas"] == commands["migrate"] == "tenants"
    assert isinstance(load_command_class("tenants", "migrate"), KeepsTheTemplate)
    assert template_is_current()  # the test database's migrate made it
