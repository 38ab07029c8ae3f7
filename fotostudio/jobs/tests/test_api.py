"""``GET /api/v1/jobs/`` and ``GET /api/v1/jobs/{id}/``: Spanish keys, who sees which job, filters, queries."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from conftest import first_admin
from fotostudio.jobs.models import JobStatus
from fotostudio.jobs.tests.factories import JobFactory
from fotostudio.users.roles import Role

LIST = "/api/v1/jobs/"
KEYS = {
    "id", "tipo", "titulo", "estado", "hechos", "total", "porcentaje", "mensaje", "resultado", "error",
    "iniciado_por", "creado_en", "iniciado_en", "terminado_en",
}  # fmt: skip


def detail(job) -> str:
    return f"/api/v1/jobs/{job.pk}/"


@pytest.fixture
def job_of(db):
    """``job_of(tenant, user, **fields)``: a job row that ``user`` started in ``tenant``."""

    def make(tenant, user=None, **fields):
        with schema_context(tenant.schema_name):
            return JobFactory(started_by=user, **fields)

    return make


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_job_is_shown_with_spanish_keys(api_client, tenant_a, admin_a, job_of):
    job = job_of(tenant_a, admin_a, title="Importar clientes", done=25, total=200, message="Fila 25 de 200")
    response = api_client(tenant_a, admin_a).get(detail(job))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert body["id"] == str(job.pk)
    assert (body["tipo"], body["titulo"], body["estado"]) == ("jobs.cleanup", "Importar clientes", "running")
    assert (body["hechos"], body["total"], body["porcentaje"], body["mensaje"]) == (25, 200, 12, "Fila 25 de 200")
    assert (body["resultado"], body["error"], body["terminado_en"]) == (None, "", None)
    assert body["iniciado_por"] == {"id": str(admin_a.pk), "username": admin_a.username, "nombre_completo": ""}


def test_an_unknown_total_has_no_percentage_and_a_finished_job_its_result(api_client, tenant_a, admin_a, job_of):
    unknown = job_of(tenant_a, admin_a, done=7, total=None)
    finished = job_of(tenant_a, None, status=JobStatus.SUCCEEDED, result={"archivo": "/media/x.xlsx"})
    api = api_client(tenant_a, admin_a)
    assert api.get(detail(unknown)).json()["porcentaje"] is None
    body = api.get(detail(finished)).json()
    assert (body["porcentaje"], body["resultado"], body["iniciado_por"]) == (100, {"archivo": "/media/x.xlsx"}, None)


@pytest.mark.parametrize("role", [Role.SALES, Role.PHOTOGRAPHER, Role.READ_ONLY])
def test_a_user_sees_only_the_jobs_they_started(api_client, tenant_a, make_user, job_of, role):
    user, colleague = make_user(tenant_a, role), make_user(tenant_a, Role.SALES)
    mine, theirs, system = job_of(tenant_a, user), job_of(tenant_a, colleague), job_of(tenant_a, None)
    api = api_client(tenant_a, user)
    assert ids(api.get(LIST)) == {str(mine.pk)}
    assert api.get(detail(mine)).status_code == 200
    for hidden in (theirs, system):
        response = api.get(detail(hidden))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.MANAGER])
def test_administrador_and_gerente_see_every_job_of_the_business(api_client, tenant_a, make_user, job_of, role):
    user, colleague = make_user(tenant_a, role), make_user(tenant_a, Role.SALES)
    jobs = [job_of(tenant_a, user), job_of(tenant_a, colleague), job_of(tenant_a, None)]
    api = api_client(tenant_a, user)
    assert ids(api.get(LIST)) == {str(job.pk) for job in jobs}
    assert all(api.get(detail(job)).status_code == 200 for job in jobs)


def test_the_business_superuser_sees_every_job(api_client, tenant_a, make_user, job_of):
    owner = first_admin(tenant_a)
    jobs = [job_of(tenant_a, make_user(tenant_a, Role.SALES)), job_of(tenant_a, None)]
    assert ids(api_client(tenant_a, owner).get(LIST)) == {str(job.pk) for job in jobs}


def test_another_business_jobs_are_never_seen(api_client, tenant_a, tenant_b, make_user, job_of):
    admin_a, admin_b = make_user(tenant_a, Role.ADMINISTRATOR), make_user(tenant_b, Role.ADMINISTRATOR)
    of_b = job_of(tenant_b, admin_b)
    api = api_client(tenant_a, admin_a)
    assert str(of_b.pk) not in ids(api.get(LIST))
    assert api.get(detail(of_b)).status_code == 404
    assert api_client(tenant_b, admin_b).get(detail(of_b)).status_code == 200


def test_without_a_token_the_jobs_are_401(api_client, tenant_a, job_of):
    job = job_of(tenant_a)
    assert api_client(tenant_a).get(LIST).status_code == 401
    assert api_client(tenant_a).get(detail(job)).status_code == 401


def test_jobs_are_filtered_by_estado_and_tipo_newest_first(api_client, tenant_a, admin_a, job_of):
    first = job_of(tenant_a, admin_a, kind="backups.run", status=JobStatus.SUCCEEDED)
    second = job_of(tenant_a, admin_a, kind="backups.run", status=JobStatus.FAILED)
    third = job_of(tenant_a, admin_a, kind="jobs.cleanup", status=JobStatus.SUCCEEDED)
    api = api_client(tenant_a, admin_a)
    assert [row["id"] for row in api.get(LIST).json()["results"]] == [str(third.pk), str(second.pk), str(first.pk)]
    assert ids(api.get(LIST, {"estado": "succeeded"})) == {str(first.pk), str(third.pk)}
    assert ids(api.get(LIST, {"tipo": "backups.run"})) == {str(first.pk), str(second.pk)}
    assert ids(api.get(LIST, {"tipo": "backups.run", "estado": "failed"})) == {str(second.pk)}
    ordered = api.get(LIST, {"ordering": "titulo"}).json()["results"]
    assert [row["titulo"] for row in ordered] == sorted(row["titulo"] for row in ordered)


def test_an_unknown_estado_or_ordering_is_a_400(api_client, tenant_a, admin_a):
    api = api_client(tenant_a, admin_a)
    response = api.get(LIST, {"estado": "perdido"})
    assert response.status_code == 400
    assert "estado" in response.json()["errors"]
    assert api.get(LIST, {"ordering": "kind"}).status_code == 400


@pytest.mark.parametrize("path", [f"{LIST}{uuid.uuid4()}/", f"{LIST}no-es-un-id/"])
def test_an_unknown_job_is_a_json_404(api_client, tenant_a, admin_a, path):
    response = api_client(tenant_a, admin_a).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def _queries_for_page(api, page_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(LIST, {"page_size": page_size}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.SALES])
def test_the_list_runs_the_same_queries_whatever_the_page_size(
    api_client, tenant_a, make_user, job_of, role, django_assert_max_num_queries
):
    user = make_user(tenant_a, role)
    for _ in range(30):
        job_of(tenant_a, user)
    api = api_client(tenant_a, user)
    api.get(LIST)  # warm the tenant cache
    for page_size in (5, 25):
        # search path, the user, its own and its roles' permissions, COUNT, the page (with who started each;
        # whether the user sees every job is a subquery of both)
        with django_assert_max_num_queries(6):
            response = api.get(LIST, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
    assert _queries_for_page(api, 5) == _queries_for_page(api, 25)
