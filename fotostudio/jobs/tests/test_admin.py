"""The jobs in the admin: the list with badges and filters, the page per job with its progress bar, the JSON
the bar polls, cancelling."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from conftest import host_of
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.jobs.tests import sample_jobs  # noqa: F401  (declares the tests' jobs)
from fotostudio.jobs.tests.factories import JobFactory
from fotostudio.users.roles import Role

LIST = "/admin/jobs/job/"


def page(job) -> str:
    return f"/admin/jobs/job/{job.pk}/change/"


@pytest.fixture
def job_of(db):
    def make(tenant, user=None, **fields):
        with schema_context(tenant.schema_name):
            return JobFactory(started_by=user, **fields)

    return make


def test_the_list_shows_recent_jobs_with_status_badges(admin_client_for, tenant_a, admin_a, job_of):
    job_of(tenant_a, admin_a, title="Importar colegios", status=JobStatus.RUNNING, done=40, total=80)
    job_of(tenant_a, None, title="Limpieza nocturna", status=JobStatus.FAILED, error="Sin espacio en disco.")
    response = admin_client_for(tenant_a, admin_a).get(LIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Importar colegios" in content and "Limpieza nocturna" in content
    assert "En curso" in content and "Fallido" in content
    assert "40 / 80 (50 %)" in content
    assert "Limpieza de trabajos" in content  # the kind's label, not its name
    assert 'href="/admin/jobs/job/"' in admin_client_for(tenant_a, admin_a).get("/admin/").content.decode()


def test_the_list_filters_by_status_and_kind(admin_client_for, tenant_a, admin_a, job_of):
    job_of(tenant_a, admin_a, title="Uno terminado", status=JobStatus.SUCCEEDED)
    job_of(tenant_a, admin_a, title="Otro fallido", status=JobStatus.FAILED, kind="tests.jobs.count")
    browser = admin_client_for(tenant_a, admin_a)
    by_status = browser.get(LIST, {"status__exact": "failed"}).content.decode()
    assert "Otro fallido" in by_status and "Uno terminado" not in by_status
    by_kind = browser.get(LIST, {"tipo": "jobs.cleanup"}).content.decode()
    assert "Uno terminado" in by_kind and "Otro fallido" not in by_kind
    assert "Cuenta (prueba)" in by_kind  # every declared kind is offered by its label


def test_a_user_lists_only_the_jobs_they_started(admin_client_for, tenant_a, make_user, admin_a, job_of):
    seller = make_user(tenant_a, Role.SALES)
    job_of(tenant_a, seller, title="Mi exportación")
    others = job_of(tenant_a, admin_a, title="Copia del administrador")
    browser = admin_client_for(tenant_a, seller)
    content = browser.get(LIST).content.decode()
    assert "Mi exportación" in content and "Copia del administrador" not in content
    assert browser.get(page(others)).status_code == 404
    assert browser.get(f"/admin/jobs/job/{others.pk}/progreso/").status_code == 404


def test_the_job_page_shows_a_progress_bar_that_follows_the_job(admin_client_for, tenant_a, admin_a, job_of):
    job = job_of(tenant_a, admin_a, title="Importar colegios", done=30, total=120, message="Fila 30 de 120")
    response = admin_client_for(tenant_a, admin_a).get(page(job))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-job-progress-url="/admin/jobs/job/{job.pk}/progreso/"' in content
    assert 'data-job-status="running"' in content
    assert 'role="progressbar"' in content and 'aria-valuenow="25"' in content and "width: 25%" in content
    assert "30 de 120" in content and "Fila 30 de 120" in content
    assert "fotostudio/js/job-progress.js" in content and "fotostudio/css/jobs.css" in content
    assert "Cancelar el trabajo" in content
    assert "<script>" not in content.replace(" ", "")  # no inline script: the policy allows files only


def test_a_failed_job_page_shows_its_error_and_no_cancel_button(admin_client_for, tenant_a, admin_a, job_of):
    job = job_of(tenant_a, admin_a, status=JobStatus.FAILED, error="La fila 3 no tiene correo electrónico.")
    content = admin_client_for(tenant_a, admin_a).get(page(job)).content.decode()
    assert "La fila 3 no tiene correo electrónico." in content
    assert 'data-job-finished="true"' in content
    assert "Cancelar el trabajo" not in content


def test_the_bar_polls_the_job_as_the_api_shows_it(admin_client_for, tenant_a, admin_a, job_of):
    job = job_of(tenant_a, admin_a, done=3, total=4, message="Casi")
    response = admin_client_for(tenant_a, admin_a).get(f"/admin/jobs/job/{job.pk}/progreso/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["estado"], body["hechos"], body["total"], body["porcentaje"], body["mensaje"]) == (
        "running",
        3,
        4,
        75,
        "Casi",
    )


def test_the_progress_needs_a_signed_in_user(client, tenant_a, admin_a, job_of):
    job = job_of(tenant_a, admin_a)
    response = client.get(f"/admin/jobs/job/{job.pk}/progreso/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_cancel_button_cancels_a_waiting_job(admin_client_for, tenant_a, admin_a, start_job, job_in):
    job = start_job(tenant_a, "tests.jobs.count", {"n": 3}, user=admin_a)
    browser = admin_client_for(tenant_a, admin_a)
    assert browser.get(f"/admin/jobs/job/{job.pk}/cancelar/").status_code == 405
    response = browser.post(f"/admin/jobs/job/{job.pk}/cancelar/", follow=True)
    assert response.status_code == 200
    assert "El trabajo se canceló." in response.content.decode()
    assert job_in(tenant_a, job.pk).status == JobStatus.CANCELLED
    again = browser.post(f"/admin/jobs/job/{job.pk}/cancelar/", follow=True).content.decode()
    assert "El trabajo ya terminó (Cancelado); no se puede cancelar." in again


def test_jobs_are_not_added_changed_or_deleted_by_hand(admin_client_for, tenant_a, admin_a, job_of):
    job = job_of(tenant_a, admin_a)
    browser = admin_client_for(tenant_a, admin_a)
    assert browser.get("/admin/jobs/job/add/").status_code == 403
    assert browser.get(f"/admin/jobs/job/{job.pk}/delete/").status_code == 403
    browser.post(page(job), {"title": "Cambiado"})
    with schema_context(tenant_a.schema_name):
        assert Job.objects.get(pk=job.pk).title == job.title


def test_the_queue_itself_is_not_in_a_business_admin(admin_client_for, tenant_a, admin_a):
    """procrastinate's own admin would list every business's jobs and their arguments."""
    browser = admin_client_for(tenant_a, admin_a)
    assert browser.get("/admin/procrastinate/procrastinatejob/").status_code == 404
