"""A copy of the business from its admin: «Ejecutar copia» opens the job's page, whose bar reaches 100 % as a
worker dumps the schema; the copy is then listed as completed.

The test also runs a worker of its own (``manage.py procrastinate worker --one-shot``) while the page is open,
beside the e2e session's: whichever takes the job, the page must follow it to the end.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, ROOT
from tests.browser.test_security_policy import watch

pytestmark = pytest.mark.browser


def test_an_administrator_runs_a_backup_and_watches_it_reach_100(admin_page, e2e):
    page = admin_page
    watcher = watch(page, e2e)
    page.goto(e2e.url("demo", "/admin/backups/backup/"))
    page.screenshot(path=str(ARTIFACTS / "backups-list-before.png"), full_page=True)
    page.get_by_test_id("backup-run").click()

    expect(page).to_have_url(re.compile(r"/admin/jobs/job/[0-9a-f-]+/change/$"))
    panel = page.get_by_test_id("job-progress")
    expect(panel).to_be_visible()
    expect(page.locator("body")).to_contain_text("Copia de seguridad")
    page.screenshot(path=str(ARTIFACTS / "backup-job-queued.png"), full_page=True)

    worker = subprocess.Popen(  # a worker, as make run starts beside the server
        [sys.executable, str(ROOT / "manage.py"), "procrastinate", "worker", "--one-shot"],
        cwd=ROOT,
        env=e2e.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        expect(page.get_by_test_id("job-progress").locator("[data-job-percentage]")).to_have_text(
            "100 %", timeout=60_000
        )
    finally:
        worker.wait(timeout=120)
    expect(page.get_by_test_id("job-progress")).to_contain_text("Terminado")
    page.screenshot(path=str(ARTIFACTS / "backup-job-done.png"), full_page=True)

    page.goto(e2e.url("demo", "/admin/backups/backup/"))
    expect(page.locator("#result_list")).to_contain_text("Completado")
    page.screenshot(path=str(ARTIFACTS / "backups-list-after.png"), full_page=True)
    watcher.assert_clean("backups")
