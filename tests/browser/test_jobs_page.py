"""A job's page in the admin: its progress bar follows the job without reloading (a static script polls the
server, under the admin's Content-Security-Policy), and the page shows the outcome once the job ends.

The test moves a job of its own itself, as a worker would, through ``manage.py shell`` (a job row with no task
behind it, so the e2e session's worker never takes it), to control each step the page must show.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser

CREATE = """
from django_tenants.utils import schema_context
from fotostudio.jobs.models import Job
from fotostudio.users.models import User
with schema_context("demo"):
    job = Job.objects.create(
        kind="jobs.cleanup", title="Importar alumnos del colegio San Andrés", status="running", done=37, total=120,
        message="Fila 37 de 120: Pérez Andrade, Lucía", started_by=User.objects.get(username="admin"), attempts=1,
    )
    print(job.pk)
"""

UPDATE = """
from django.utils import timezone
from django_tenants.utils import schema_context
from fotostudio.jobs.models import Job
with schema_context("demo"):
    Job.objects.filter(pk="{pk}").update({fields})
"""


def test_the_job_page_shows_a_bar_that_follows_the_job(admin_page, e2e):
    page = admin_page
    pk = e2e.manage("shell", "-c", CREATE).strip().splitlines()[-1]
    watcher = watch(page, e2e)

    page.goto(e2e.url("demo", f"/admin/jobs/job/{pk}/change/"))
    panel = page.get_by_test_id("job-progress")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-job-percentage]")).to_have_text("30 %")
    expect(panel.locator("[data-job-count]")).to_have_text("37 de 120")
    page.screenshot(path=str(ARTIFACTS / "job-page-running.png"), full_page=True)

    e2e.manage("shell", "-c", UPDATE.format(pk=pk, fields="done=90, message='Fila 90 de 120: Zambrano, Ana'"))
    expect(panel.locator("[data-job-percentage]")).to_have_text("75 %", timeout=10_000)  # polled, no reload
    expect(panel.locator("[data-job-count]")).to_have_text("90 de 120")
    expect(panel.locator("[data-job-message]")).to_have_text("Fila 90 de 120: Zambrano, Ana")
    assert panel.locator("[data-job-bar]").evaluate("bar => bar.style.width") == "75%"
    page.screenshot(path=str(ARTIFACTS / "job-page-moved.png"), full_page=True)

    failed = "status='failed', error='La fila 97 no tiene cédula.', message='', finished_at=timezone.now()"
    e2e.manage("shell", "-c", UPDATE.format(pk=pk, fields=failed))
    expect(page.get_by_test_id("job-error")).to_have_text("La fila 97 no tiene cédula.", timeout=10_000)  # reloaded
    expect(page.get_by_role("button", name="Cancelar el trabajo")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "job-page-failed.png"), full_page=True)
    watcher.assert_clean("job page")

    page.goto(e2e.url("demo", "/admin/jobs/job/"))
    expect(page.locator("#result_list")).to_contain_text("Importar alumnos del colegio San Andrés")
    page.screenshot(path=str(ARTIFACTS / "jobs-list.png"), full_page=True)
    watcher.assert_clean("jobs list")
