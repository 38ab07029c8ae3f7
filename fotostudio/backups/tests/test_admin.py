"""The copies in a business's admin («Ejecutar copia» → the job's page) and restoring from the platform's admin."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django_tenants.utils import schema_context

from fotostudio.backups.models import Backup, BackupKind, BackupStatus
from fotostudio.backups.services import backup_perform_now
from fotostudio.backups.tests.factories import backup_make
from fotostudio.jobs.models import Job
from fotostudio.users.models import User
from fotostudio.users.roles import Role
from tenants.models import Tenant

from .drill import fingerprint, new_business

LIST = "/admin/backups/backup/"
RUN = "/admin/backups/backup/ejecutar/"


def test_an_administrator_sees_the_copies_and_runs_one_that_opens_its_job_page(
    tenant_a, admin_a, admin_client_for, run_jobs
):
    with schema_context(tenant_a.schema_name):
        backup_make(started_by=admin_a)
    browser = admin_client_for(tenant_a, admin_a)
    page = browser.get(LIST)
    assert page.status_code == 200
    assert 'data-testid="backup-run"' in page.content.decode() and "Ejecutar copia" in page.content.decode()
    response = browser.post(RUN)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        backup = Backup.objects.latest("created_at")
        assert response["Location"] == f"/admin/jobs/job/{backup.job_id}/change/"
        assert Job.objects.get(pk=backup.job_id).kind == "backups.run"
    assert browser.get(response["Location"]).status_code == 200
    run_jobs()
    with schema_context(tenant_a.schema_name):
        backup.refresh_from_db()
    assert backup.status == BackupStatus.COMPLETED
    assert browser.get(f"{LIST}{backup.pk}/change/").status_code == 200


def test_running_a_copy_from_the_admin_needs_a_post(tenant_a, admin_a, admin_client_for):
    assert admin_client_for(tenant_a, admin_a).get(RUN).status_code == 405


def test_a_manager_sees_the_copies_but_cannot_run_one(tenant_a, manager_a, admin_client_for):
    browser = admin_client_for(tenant_a, manager_a)
    page = browser.get(LIST)
    assert page.status_code == 200 and 'data-testid="backup-run"' not in page.content.decode()
    assert browser.post(RUN).status_code == 403


@pytest.mark.parametrize("role", [Role.SALES, Role.READ_ONLY])
def test_other_staff_do_not_see_the_copies(tenant_a, make_user, admin_client_for, role):
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    assert browser.get(LIST).status_code in (302, 403)
    assert browser.post(RUN).status_code in (302, 403)


def test_the_platform_lists_a_business_copies_with_its_restore_links(tenant_a, make_user, admin_client_for):
    with schema_context(tenant_a.schema_name):
        backup = backup_make()
    browser = admin_client_for(None, make_user(None, is_superuser=True))
    change = browser.get(f"/admin/tenants/tenant/{tenant_a.pk}/change/").content.decode()
    assert f"/admin/tenants/tenant/{tenant_a.pk}/copias/" in change
    page = browser.get(f"/admin/tenants/tenant/{tenant_a.pk}/copias/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/copias/{backup.pk}/restaurar-nuevo/" in body and f"/copias/{backup.pk}/restaurar/" in body
    form = browser.get(f"/admin/tenants/tenant/{tenant_a.pk}/copias/{backup.pk}/restaurar/")
    assert form.status_code == 200 and "alpha" in form.content.decode() and backup.sha256 in form.content.decode()


def test_a_business_admin_cannot_reach_the_platform_restore_pages(tenant_a, admin_a, admin_client_for):
    browser = admin_client_for(tenant_a, admin_a)
    assert browser.get(f"/admin/tenants/tenant/{tenant_a.pk}/copias/").status_code in (302, 403, 404)


def _platform_staff(concurrently) -> User:
    from fotostudio.users.services import user_create

    def remove():
        from django.db import connection

        with connection.cursor() as cursor:  # the ORM would look for the businesses' tables that point at users
            cursor.execute(
                "DELETE FROM public.users_user_groups"
                " WHERE user_id IN (SELECT id FROM public.users_user WHERE username = 'restorer')"
            )
            cursor.execute("DELETE FROM public.users_user WHERE username = 'restorer'")

    concurrently.once(remove)  # what an interrupted run may have left
    concurrently.cleanup(None, remove)
    return concurrently.once(
        lambda: user_create(
            username="restorer", email="restorer@platform.test", password="Prueba-Segura-2026!", is_superuser=True
        )
    )


def _browser(user) -> Client:
    browser = Client(HTTP_HOST="testserver")
    browser.force_login(user)
    return browser


def test_platform_staff_restore_a_copy_into_a_new_business_from_the_admin(concurrently):
    tenant = new_business(concurrently, "adm_a")
    staff = _platform_staff(concurrently)

    def restore():
        with schema_context("adm_a"):
            backup = backup_perform_now()
        browser = _browser(staff)
        url = f"/admin/tenants/tenant/{tenant.pk}/copias/{backup.pk}/restaurar-nuevo/"
        refused = browser.post(url, {"name": "Copia", "slug": "adm_a", "domain": "adm-a-copia.testserver"})
        done = browser.post(url, {"name": "Copia", "slug": "adm_a_copia", "domain": "adm-a-copia.testserver"})
        copy = Tenant.objects.get(schema_name="adm_a_copia")
        said = [str(m) for m in get_messages(done.wsgi_request)]
        return refused, done, copy, said, fingerprint("adm_a"), fingerprint("adm_a_copia")

    refused, done, copy, said, original, copied = concurrently.once(restore)
    assert refused.status_code == 200 and "Ya existe un negocio" in refused.content.decode()
    assert done.status_code == 302 and done["Location"] == f"/admin/tenants/tenant/{copy.pk}/change/"
    assert any("Copia" in message for message in said)
    assert copied == original


def test_platform_staff_restore_in_place_only_after_typing_the_identifier(concurrently):
    tenant = new_business(concurrently, "adm_b")
    staff = _platform_staff(concurrently)

    def restore():
        with schema_context("adm_b"):
            backup = backup_perform_now()
        browser = _browser(staff)
        url = f"/admin/tenants/tenant/{tenant.pk}/copias/{backup.pk}/restaurar/"
        wrong = browser.post(url, {"confirmation": "otro"})
        with schema_context("adm_b"):
            kinds_before = sorted(Backup.objects.values_list("kind", flat=True))
        right = browser.post(url, {"confirmation": "adm_b"})
        with schema_context("adm_b"):
            kinds_after = sorted(Backup.objects.values_list("kind", flat=True))
        return wrong, right, kinds_before, kinds_after

    wrong, right, kinds_before, kinds_after = concurrently.once(restore)
    assert wrong.status_code == 200 and re.search("Escriba el identificador", wrong.content.decode())
    assert kinds_before == [BackupKind.MANUAL]
    assert right.status_code == 302 and right["Location"].endswith(f"/{tenant.pk}/copias/")
    assert kinds_after == sorted([BackupKind.MANUAL, BackupKind.SAFETY])
