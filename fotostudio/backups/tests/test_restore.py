"""The restore drill: a business with data in every module is copied, dropped and restored, table by table
identical; restoring into a new business and in place; the audit trail keeps recording in the right schema.

These tests commit (``pg_dump`` and ``psql`` run in sessions of their own and see only committed data): each
runs its work through ``concurrently.once`` and removes the businesses it made afterwards.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from fotostudio.backups import postgres
from fotostudio.backups.errors import BackupErrorCode
from fotostudio.backups.models import Backup, BackupKind, BackupStatus
from fotostudio.backups.services import backup_perform_now, backup_restore_as_new, backup_restore_in_place
from fotostudio.core.errors import ApplicationError
from tenants.models import Tenant

from .drill import drop_business, drop_schema, fill_every_module, fingerprint, new_business


def _audit_events(schema: str, model_table: str = "clients_clientevent") -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM {postgres.quoted(schema)}."{model_table}"')
        return cursor.fetchone()[0]


def _touch_a_client(schema: str) -> None:
    from modules.clients.models import Client

    with schema_context(schema):
        client = Client.objects.order_by("id").first()
        client.name = client.name + " (cambiado)"
        client.save()


def test_restore_drill_backup_drop_restore_gives_identical_tables(concurrently):
    tenant = new_business(concurrently, "drill_a")

    def drill():
        made = fill_every_module("drill_a")
        with schema_context("drill_a"):
            backup = backup_perform_now()
        before = fingerprint("drill_a")
        drop_schema("drill_a")
        assert not postgres.schema_exists("drill_a")
        safety = backup_restore_in_place(tenant=tenant, backup=backup, confirmation="drill_a")
        after = fingerprint("drill_a")
        events = _audit_events("drill_a")
        _touch_a_client("drill_a")
        with schema_context("drill_a"):
            from fotostudio.audit.models import AuditEvent

            trail = AuditEvent.objects.filter(model="clients.client").count()
        return made, backup, before, after, safety, events, _audit_events("drill_a"), trail

    made, backup, before, after, safety, events, events_after_write, trail = concurrently.once(drill)
    assert made > 20 and backup.status == BackupStatus.COMPLETED
    assert safety is None  # the schema was gone: nothing to keep
    assert set(after) == set(before) and len(before) > 20
    assert {table: rows for table, rows in after.items() if rows != before[table]} == {}
    assert before["clients_client"][0] >= 3 and before["clients_clientevent"][0] >= 3  # orders and contracts add theirs
    assert before["configuration_setting"][0] > 0 and before["documents_document"][0] == 3
    # The triggers work after the restore, into the restored schema's own event table and its trail's view.
    assert events_after_write == events + 1
    assert trail == events + 1


def test_restoring_into_a_new_business_copies_everything_and_leaves_the_original_alone(concurrently):
    original = new_business(concurrently, "drill_b")
    concurrently.cleanup(None, lambda: [drop_business(t) for t in Tenant.objects.filter(schema_name="drill_b_copy")])

    def copy():
        fill_every_module("drill_b")
        with schema_context("drill_b"):
            backup = backup_perform_now()
        before = fingerprint("drill_b")
        tenant = backup_restore_as_new(
            backup=backup, name="Copia del simulacro", slug="drill_b_copy", domain="drill-b-copy.testserver"
        )
        original_events = _audit_events("drill_b")
        copy_events = _audit_events("drill_b_copy")
        copied = fingerprint("drill_b_copy")
        _touch_a_client("drill_b_copy")
        return (
            tenant,
            before,
            fingerprint("drill_b"),
            copied,
            original_events,
            _audit_events("drill_b"),
            copy_events,
            _audit_events("drill_b_copy"),
        )

    tenant, before, original_after, copied, original_events, original_events_after, copy_events, copy_after = (
        concurrently.once(copy)
    )
    assert (tenant.schema_name, tenant.business_type, tenant.name) == (
        "drill_b_copy",
        original.business_type,
        "Copia del simulacro",
    )
    assert original_after == before and copied == before
    # A write in the copy is recorded in the copy (its trigger functions were pinned to its new name).
    assert copy_after == copy_events + 1 and original_events_after == original_events
    assert concurrently.once(lambda: tenant.domains.get().domain) == "drill-b-copy.testserver"


def test_restoring_in_place_takes_a_safety_copy_first_and_keeps_the_list_of_copies(concurrently):
    tenant = new_business(concurrently, "drill_c")

    def restore():
        from modules.clients.models import Client

        fill_every_module("drill_c")
        with schema_context("drill_c"):
            backup = backup_perform_now()
            backed_up = Client.objects.count()
            with connection.cursor() as cursor:  # the accident: every client gone, with what hung on them
                cursor.execute("TRUNCATE clients_client CASCADE")
        before = fingerprint("drill_c")
        safety = backup_restore_in_place(tenant=tenant, backup=backup, confirmation=" drill_c ")
        with schema_context("drill_c"):
            copies = dict(Backup.objects.values_list("id", "kind"))
            clients = Client.objects.count()
        return backup, safety, before, copies, clients, backed_up

    backup, safety, before, copies, clients, backed_up = concurrently.once(restore)
    assert before["clients_client"][0] == 0 and clients == backed_up >= 3
    assert safety.kind == BackupKind.SAFETY and safety.status == BackupStatus.COMPLETED
    assert copies == {backup.pk: BackupKind.MANUAL, safety.pk: BackupKind.SAFETY}
    # The safety copy holds the state before the restore: no clients.
    restored_from_safety = concurrently.once(
        lambda: backup_restore_in_place(tenant=tenant, backup=safety, confirmation="drill_c")
    )
    assert concurrently.once(lambda: fingerprint("drill_c"))["clients_client"][0] == 0
    assert restored_from_safety.kind == BackupKind.SAFETY


def test_restoring_in_place_needs_the_business_identifier_as_confirmation(tenant_a):
    backup = Backup(schema_name="alpha", status=BackupStatus.COMPLETED)
    connection.in_atomic_block, was = False, connection.in_atomic_block
    try:
        with pytest.raises(ApplicationError) as refused:
            backup_restore_in_place(tenant=tenant_a, backup=backup, confirmation="beta")
    finally:
        connection.in_atomic_block = was
    assert refused.value.code == BackupErrorCode.CONFIRMATION and "confirmation" in refused.value.errors


def test_a_restore_is_refused_inside_a_transaction(tenant_a):
    with pytest.raises(ApplicationError) as refused:
        backup_restore_in_place(tenant=tenant_a, backup=Backup(schema_name="alpha"), confirmation="alpha")
    assert refused.value.code == BackupErrorCode.IN_TRANSACTION


def test_a_damaged_copy_is_not_restored(concurrently):
    tenant = new_business(concurrently, "drill_d")

    def damage_and_restore():
        with schema_context("drill_d"):
            backup = backup_perform_now()
            with open(backup.file.path, "ab") as handle:
                handle.write(b"x")
        try:
            backup_restore_in_place(tenant=tenant, backup=backup, confirmation="drill_d")
        except ApplicationError as exc:
            return exc.code
        return None

    assert concurrently.once(damage_and_restore) == BackupErrorCode.CHECKSUM_MISMATCH
