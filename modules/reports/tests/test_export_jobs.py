"""Big exports run as jobs: above the row threshold the API answers 202 with the job, the admin opens the job's
page; the job writes the file to private storage and its result links to the download."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook

from fotostudio.users.roles import Role

from .conftest import PERIOD
from .production_fixture import build_workshop

EXCEL = "/api/v1/reports/export/excel/"
CSV = "/api/v1/reports/export/csv/"


@pytest.fixture
def big(settings, tmp_path):
    """The workshop's production report has 14 rows: more than 5 make it «big»."""
    settings.REPORTS_EXPORT_SYNC_MAX_ROWS = 5
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def workshop(tenant_a, make_user):
    return build_workshop(tenant_a, make_user)


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_big_excel_export_is_a_job_whose_file_is_downloaded_when_done(api, workshop, big, run_jobs):
    response = api.get(EXCEL, {"reporte": "production", **PERIOD})
    assert response.status_code == 202, response.content
    job_id = response.json()["trabajo"]
    assert response.json()["url"] == f"/api/v1/jobs/{job_id}/"
    download = f"/api/v1/reports/export/jobs/{job_id}/"
    waiting = api.get(download)
    assert waiting.status_code == 409 and waiting.json()["code"] == "report_export_not_ready"
    run_jobs()
    job = api.get(f"/api/v1/jobs/{job_id}/").json()
    assert job["estado"] == "succeeded" and job["porcentaje"] == 100, job
    assert job["resultado"]["archivo"] == "informe-produccion-2026-01-01-a-2026-02-28.xlsx"
    assert job["resultado"]["filas"] == 14 and job["resultado"]["descarga"] == download
    file = api.get(download)
    assert file.status_code == 200
    assert 'filename="informe-produccion-2026-01-01-a-2026-02-28.xlsx"' in file["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(_content(file)))
    rows = list(workbook["Eficiencia por mes"].iter_rows(values_only=True))
    assert rows[3] == ("Total", 4, 7, 46.4, 6.8, 14.66, 6.63)
    assert list(big.rglob("*.xlsx"))  # in private storage


def test_a_big_csv_job_keeps_the_filters(api, workshop, big, run_jobs, settings):
    settings.REPORTS_EXPORT_SYNC_MAX_ROWS = 3  # Luis's orders: 5 rows
    job_id = api.get(CSV, {"reporte": "production", "responsable": str(workshop.luis.pk), **PERIOD}).json()["trabajo"]
    run_jobs()
    text = _content(api.get(f"/api/v1/reports/export/jobs/{job_id}/")).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert ["Luis Vera", "1", "3", "20.00", "5.00", "25.00", "6.67"] in rows
    assert not any(row and row[0] == "Ana Torres" for row in rows)


def test_a_small_export_stays_in_the_request(api, workshop, settings):
    settings.REPORTS_EXPORT_SYNC_MAX_ROWS = 14
    response = api.get(EXCEL, {"reporte": "production", **PERIOD})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_only_who_may_see_the_job_downloads_its_file(api, workshop, big, run_jobs, api_client, tenant_a, tenant_b,
                                                     make_user):  # fmt: skip
    job_id = api.get(EXCEL, {"reporte": "production", **PERIOD}).json()["trabajo"]
    run_jobs()
    download = f"/api/v1/reports/export/jobs/{job_id}/"
    another_accountant = api_client(tenant_a, make_user(tenant_a, Role.ACCOUNTING))
    assert another_accountant.get(download).status_code == 404  # each sees their own jobs
    assert api_client(tenant_a, make_user(tenant_a, Role.MANAGER)).get(download).status_code == 200  # every job
    assert api_client(tenant_a, make_user(tenant_a, Role.PRODUCTION)).get(download).status_code == 403
    assert api_client(tenant_b, make_user(tenant_b, Role.MANAGER)).get(download).status_code == 404
    assert api.get(f"/api/v1/reports/export/jobs/{uuid.uuid4()}/").status_code == 404
    assert api_client(tenant_a).get(download).status_code == 401


def test_the_admin_sends_a_big_export_to_the_jobs_page_with_a_download_link(
    admin_client_for, tenant_a, make_user, workshop, big, run_jobs
):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ACCOUNTING))
    response = browser.get("/admin/reports/report/export/production/csv/", PERIOD)
    assert response.status_code == 302 and "/admin/jobs/job/" in response["Location"]
    page = browser.get(response["Location"])
    assert "en segundo plano" in page.content.decode()
    job_id = response["Location"].rstrip("/").split("/")[-2]
    link = f"/admin/reports/report/export/job/{job_id}/"
    assert browser.get(link).status_code == 302  # not ready: back to the job's page
    run_jobs()
    html = browser.get(response["Location"]).content.decode()
    assert 'data-testid="job-download"' in html and link in html
    file = browser.get(link)
    assert file.status_code == 200 and "Total" in _content(file).decode("utf-8")
    assert browser.get(f"/admin/reports/report/export/job/{uuid.uuid4()}/").status_code == 404


def test_export_files_older_than_a_week_are_deleted_every_night(api, workshop, big, run_jobs, tenant_a, settings):
    import os
    import time

    from django_tenants.utils import schema_context

    from fotostudio.jobs.models import Job, JobStatus
    from fotostudio.jobs.registry import job_kind

    cleanup = job_kind("reports.exports_cleanup")
    assert cleanup.cron == "45 3 * * *" and cleanup.unique
    old_job = api.get(EXCEL, {"reporte": "production", **PERIOD}).json()["trabajo"]
    new_job = api.get(CSV, {"reporte": "production", **PERIOD}).json()["trabajo"]
    run_jobs()
    old_file, new_file = next(big.rglob(f"{old_job}.xlsx")), next(big.rglob(f"{new_job}.csv"))
    eight_days_ago = time.time() - 8 * 86_400
    os.utime(old_file, (eight_days_ago, eight_days_ago))
    settings.REPORTS_EXPORT_RETENTION_DAYS = 7

    cleanup.fanout(timestamp=1_790_000_000)  # what the periodic deferrer runs at 03:45 UTC: one job per business
    run_jobs()

    with schema_context(tenant_a.schema_name):
        job = Job.objects.get(kind="reports.exports_cleanup")
    assert job.status == JobStatus.SUCCEEDED and job.started_by is None
    assert job.result == {"borrados": 1, "dias": 7}
    assert not old_file.exists() and new_file.exists()
    gone = api.get(f"/api/v1/reports/export/jobs/{old_job}/")
    assert gone.status_code == 404 and gone.json()["code"] == "report_export_not_found"
    assert api.get(f"/api/v1/reports/export/jobs/{new_job}/").status_code == 200
