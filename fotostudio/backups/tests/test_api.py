"""``GET /api/v1/administracion/backups/`` and ``POST …/ejecutar/``: who may, what the job makes."""

from __future__ import annotations

import hashlib

import pytest
from django_tenants.utils import schema_context

from fotostudio.backups.models import Backup, BackupKind, BackupStatus
from fotostudio.backups.tests.factories import backup_make
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.users.roles import Role

LIST = "/api/v1/administracion/backups/"
RUN = "/api/v1/administracion/backups/ejecutar/"
KEYS = {
    "id", "tipo", "estado", "archivo", "tamano", "sha256", "duracion_segundos", "tablas", "error", "iniciado_por",
    "trabajo", "creado_en", "terminado_en",
}  # fmt: skip


def test_an_administrator_starts_a_backup_and_the_job_dumps_the_schema(api_client, tenant_a, admin_a, run_jobs):
    response = api_client(tenant_a, admin_a).post(RUN)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == KEYS
    assert (body["estado"], body["tipo"], body["iniciado_por"]["id"]) == ("PENDIENTE", "MANUAL", str(admin_a.pk))
    run_jobs()
    with schema_context(tenant_a.schema_name):
        backup = Backup.objects.get(pk=body["id"])
        job = Job.objects.get(pk=body["trabajo"])
        content = backup.file.read()
        backup.file.close()
    assert backup.status == BackupStatus.COMPLETED, backup.error
    assert job.status == JobStatus.SUCCEEDED and job.percentage == 100 and job.started_by_id == admin_a.pk
    assert content.startswith(b"PGDMP")  # pg_dump's custom format
    assert backup.size == len(content) and backup.sha256 == hashlib.sha256(content).hexdigest()
    assert backup.tables and backup.tables > 20 and backup.duration is not None
    assert backup.file.name.startswith("backups/alpha-")
    assert job.result["sha256"] == backup.sha256


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.READ_ONLY, Role.ACCOUNTING])
def test_only_an_administrator_starts_a_backup(api_client, tenant_a, make_user, role):
    response = api_client(tenant_a, make_user(tenant_a, role)).post(RUN)
    assert response.status_code == 403
    assert response.json()["code"]


def test_starting_or_listing_backups_needs_a_signed_in_user(api_client, tenant_a):
    assert api_client(tenant_a).post(RUN).status_code == 401
    assert api_client(tenant_a).get(LIST).status_code == 401


def test_the_list_shows_the_business_copies_newest_first_with_spanish_keys(
    api_client, tenant_a, admin_a, manager_a, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        older = backup_make(kind=BackupKind.SCHEDULED)
        newer = backup_make(started_by=admin_a)
    response = api_client(tenant_a, manager_a).get(LIST)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows][:2] == [str(newer.pk), str(older.pk)]
    assert set(rows[0]) == KEYS
    assert rows[0]["archivo"] == f"test-{newer.pk}.dump" and rows[0]["iniciado_por"]["id"] == str(admin_a.pk)
    assert rows[1]["iniciado_por"] is None and rows[1]["tipo"] == "PROGRAMADO"


def test_the_list_keeps_its_query_count_whatever_its_size(api_client, tenant_a, admin_a, django_assert_max_num_queries):
    with schema_context(tenant_a.schema_name):
        for _number in range(30):
            backup_make(started_by=admin_a)
    api = api_client(tenant_a, admin_a)
    api.get(LIST)  # warm the tenant cache
    for page_size in (5, 25):
        # search path, the user, its own and its roles' permissions, COUNT, the page (with who started each)
        with django_assert_max_num_queries(6):
            response = api.get(LIST, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size


def test_a_business_never_sees_another_business_copies(api_client, tenant_a, tenant_b, make_user):
    with schema_context(tenant_a.schema_name):
        backup = backup_make()
    response = api_client(tenant_b, make_user(tenant_b, Role.ADMINISTRATOR)).get(LIST)
    assert str(backup.pk) not in {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", [Role.SALES, Role.READ_ONLY])
def test_staff_without_the_backups_view_right_cannot_list(api_client, tenant_a, make_user, role):
    assert api_client(tenant_a, make_user(tenant_a, role)).get(LIST).status_code == 403


def test_a_backup_that_pg_dump_refuses_fails_with_a_readable_error(
    api_client, tenant_a, admin_a, run_jobs, monkeypatch
):
    from fotostudio.backups import postgres

    def refuse(*args, **kwargs):
        raise postgres.PostgresToolError("pg_dump failed", "pg_dump: error: connection refused")

    monkeypatch.setattr(postgres, "dump_schema", refuse)
    body = api_client(tenant_a, admin_a).post(RUN).json()
    run_jobs()
    with schema_context(tenant_a.schema_name):
        backup = Backup.objects.get(pk=body["id"])
        job = Job.objects.get(pk=body["trabajo"])
    assert backup.status == BackupStatus.FAILED and not backup.file
    assert job.status == JobStatus.FAILED
    assert "copia de seguridad" in job.error and "connection refused" not in job.error
