"""Inventory in the demo tenant's admin: a refused import with its row errors, a good one, the ledger, reorder;
a big import run by the jobs worker, followed on the job's page."""

import json
import re
import subprocess
import sys
import urllib.request
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, E2E_INVENTORY_IMPORT_SYNC_MAX_BYTES, ROOT
from tests.browser.test_security_policy import watch

CHANGELIST = "/admin/inventory/material/"
pytestmark = pytest.mark.browser


def test_import_materials_see_the_ledger_and_the_reorder_suggestion(admin_page, e2e):
    tag = uuid4().hex[:6].upper()
    page = admin_page
    page.goto(e2e.url("demo", f"{CHANGELIST}import/"))
    expect(page.get_by_test_id("material-import")).to_be_visible()

    bad = (
        "sku,nombre,categoria,unidad,costo_unitario,existencias\n"
        f"B-{tag},Varilla mala,varillas,hoja,abc,5\n"
        f"B-{tag},Repetida,impresion,hoja,1,-2\n"
    ).encode()
    page.set_input_files("input[name=archivo]", {"name": "malo.csv", "mimeType": "text/csv", "buffer": bad})
    page.locator("[data-testid=material-import] form button[type=submit]").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("no se importó nada")
    expect(errors.locator("tr[data-line='2']")).to_have_count(2)  # unit of moulding, cost not a number
    expect(errors.locator("tr[data-line='3']")).to_have_count(2)  # repeated SKU, negative quantity
    expect(errors).to_contain_text("SKU repetido")
    page.screenshot(path=str(ARTIFACTS / "inventory-import-refused.png"), full_page=True)

    good = (
        "sku;nombre;categoria;unidad;costo_unitario;stock_minimo;cantidad_reposicion;proveedor;existencias;perfil\n"
        f"V-{tag};Varilla importada {tag};varillas;metro;4,50;20;60;Molduras Andinas;8;plano\n"
        f"P-{tag};Papel importado {tag};impresion;hoja;0,35;100;500;Foto Ecuador;900;\n"
    ).encode()
    page.set_input_files("input[name=archivo]", {"name": "materiales.csv", "mimeType": "text/csv", "buffer": good})
    page.locator("[data-testid=material-import] form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"$"))
    expect(page.locator("body")).to_contain_text("Materiales nuevos: 2;")

    page.goto(e2e.url("demo", f"{CHANGELIST}?q={tag}"))
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    expect(page.locator(f"#result_list tr:has-text('V-{tag}') [data-stock]")).to_have_attribute("data-stock", "bajo")
    page.locator("#result_list").get_by_text(f"V-{tag}").first.click()
    ledger = page.get_by_test_id("ledger")
    expect(ledger).to_contain_text("Existencia inicial")
    expect(ledger).to_contain_text("Importación materiales.csv")
    page.screenshot(path=str(ARTIFACTS / "inventory-material-ledger.png"), full_page=True)

    page.goto(e2e.url("demo", f"{CHANGELIST}reorder/"))
    row = page.locator(f"tr[data-sku='V-{tag}']")
    expect(row).to_contain_text("Molduras Andinas")
    expect(row).to_contain_text("60")  # the reorder quantity to buy
    expect(page.locator("tr[data-sku='VAR-BLA-35']")).to_contain_text("Agotado")  # the demo's
    page.screenshot(path=str(ARTIFACTS / "inventory-reorder.png"), full_page=True)


#: Holds a lock on one material (as another user's unfinished change would) until its stdin is closed.
HOLD_LOCK = """
import sys
from django.db import transaction
from django_tenants.utils import schema_context
from modules.inventory.models import Material
with schema_context("demo"), transaction.atomic():
    Material.objects.select_for_update().get(sku="{sku}")
    print("bloqueado", flush=True)
    sys.stdin.read()
"""


COUNT = """
from django_tenants.utils import schema_context
from modules.inventory.models import Material
with schema_context("demo"):
    print(Material.objects.filter(sku__startswith="{prefix}").count())
"""


def _api(e2e, path: str, *, token: str | None = None, body: dict | None = None) -> dict:
    """The demo business's API (the Host header names it: no resolver needed); the JSON answer."""
    headers = {"Content-Type": "application/json", "Host": f"{e2e.host('demo')}:{e2e.port}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{e2e.port}{path}", data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, response.status
        return json.loads(response.read())


def _worker_log(e2e) -> str:
    return e2e.worker_log_path.read_text(errors="replace")[-3000:] if e2e.worker_log_path else "(no worker)"


def test_a_big_import_runs_as_a_job_the_user_leaves_and_finds_finished(admin_page, e2e):
    """A file over the synchronous limit (16 KB on the e2e server) goes to the real jobs worker: the user sees
    the job's page with its bar, goes elsewhere, comes back through the jobs list and watches it finish, with
    the materials created. The job is held half-way by a lock on one of its materials (a change another user
    has not saved yet) so the test sees it running for as long as it needs, then the lock is released."""
    tag = uuid4().hex[:6].upper()
    page = admin_page
    watcher = watch(page, e2e)
    locked = f"L-{tag}"
    page.goto(e2e.url("demo", f"{CHANGELIST}import/"))
    first = f"sku,nombre,categoria,unidad,costo_unitario,existencias\n{locked},Papel {tag},impresion,hoja,1,5\n"
    page.set_input_files("input[name=archivo]", {"name": "uno.csv", "mimeType": "text/csv", "buffer": first.encode()})
    page.locator("[data-testid=material-import] form button[type=submit]").click()
    # small: imported in the request
    expect(page.locator("body")).to_contain_text("Importación terminada. Materiales nuevos: 1;")

    new_rows = 300
    big = "sku,nombre,categoria,unidad,costo_unitario,stock_minimo,cantidad_reposicion,proveedor,existencias\n"
    big += f"{locked},,,,,,,,12\n"  # the locked one: its counted stock changes, the empty cells keep its values
    big += "".join(
        f"N-{tag}-{n:04d},Papel de prueba {tag} número {n},impresion,hoja,0.35,10,50,Foto Ecuador,{n + 1}\n"
        for n in range(new_rows)
    )
    assert len(big.encode()) > E2E_INVENTORY_IMPORT_SYNC_MAX_BYTES
    file_name = f"materiales-{tag}.csv"

    holder = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", HOLD_LOCK.format(sku=locked)],
        cwd=ROOT,
        env=e2e.env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in holder.stdout:  # after the shell's notice of its automatic imports, if any
            if "bloqueado" in line:
                break
        else:
            raise AssertionError(f"the lock was not taken (exit code {holder.wait()})")

        page.goto(e2e.url("demo", f"{CHANGELIST}import/"))
        page.set_input_files("input[name=archivo]", {"name": file_name, "mimeType": "text/csv", "buffer": big.encode()})
        page.locator("[data-testid=material-import] form button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/admin/jobs/job/[0-9a-f-]+/change/$"))
        job_id = page.url.rstrip("/").split("/")[-2]
        expect(page.locator("body")).to_contain_text("El archivo se está importando: aquí ve su avance.")
        panel = page.get_by_test_id("job-progress")
        expect(panel).to_be_visible()
        expect(panel.get_by_role("progressbar", name="Avance del trabajo")).to_be_visible()
        # The worker takes it (the page reloads when the status changes), reads the file and waits for the lock.
        expect(panel.locator("[data-job-status-label]")).to_have_text("En curso", timeout=30_000)
        expect(panel.locator("[data-job-message]")).to_have_text("Comprobando y guardando 301 filas", timeout=30_000)
        expect(panel.locator("[data-job-percentage]")).to_have_text("33 %")
        expect(panel.locator("[data-job-count]")).to_have_text("1 de 3")
        assert panel.locator("[data-job-bar]").evaluate("bar => bar.style.width") == "33%"
        expect(page.get_by_role("button", name="Cancelar el trabajo")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "inventory-import-job-running.png"), full_page=True)

        token = _api(e2e, "/api/v1/auth/token/", body={"username": e2e.admin_username, "password": e2e.password})
        job = _api(e2e, f"/api/v1/jobs/{job_id}/", token=token["access"])
        assert job["tipo"] == "inventory.import" and job["estado"] == "running", job
        assert job["titulo"] == f"Importar materiales de {file_name}" and (job["hechos"], job["total"]) == (1, 3), job

        # The user leaves: nothing is imported yet (all or nothing).
        page.goto(e2e.url("demo", f"{CHANGELIST}?q=N-{tag}"))
        expect(page.locator("#result_list tbody tr")).to_have_count(0)

        # … and comes back through the jobs list, where the job is still running.
        page.goto(e2e.url("demo", "/admin/jobs/job/"))
        row = page.locator("#result_list tbody tr").filter(has_text=file_name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("En curso")
        expect(row).to_contain_text("1 / 3 (33 %)")
        page.screenshot(path=str(ARTIFACTS / "inventory-import-jobs-list.png"), full_page=True)
        row.get_by_role("link", name=f"Importar materiales de {file_name}").click()
        panel = page.get_by_test_id("job-progress")
        expect(panel.locator("[data-job-status-label]")).to_have_text("En curso")
        expect(panel.locator("[data-job-percentage]")).to_have_text("33 %")
    finally:
        if holder.poll() is None:
            holder.stdin.close()  # the other user's change ends: the import goes on
            holder.wait(timeout=60)

    # The page follows the job by itself (no navigation here) and shows the outcome when it ends.
    try:
        expect(panel.locator("[data-job-status-label]")).to_have_text("Terminado", timeout=90_000)
    except AssertionError as error:
        raise AssertionError(f"{error}\nworker log:\n{_worker_log(e2e)}") from None
    expect(panel.locator("[data-job-percentage]")).to_have_text("100 %")
    result = page.locator("body")  # the job's «Resultado», as JSON
    expect(result).to_contain_text(f'"creados": {new_rows}')
    expect(result).to_contain_text('"actualizados": 1')
    expect(result).to_contain_text(f'"movimientos": {new_rows + 1}')
    page.screenshot(path=str(ARTIFACTS / "inventory-import-job-done.png"), full_page=True)
    job = _api(e2e, f"/api/v1/jobs/{job_id}/", token=token["access"])
    assert job["estado"] == "succeeded" and job["porcentaje"] == 100, job
    assert job["resultado"] == {"filas": new_rows + 1, "creados": new_rows, "actualizados": 1,
                                "movimientos": new_rows + 1}, job  # fmt: skip

    last = f"N-{tag}-{new_rows - 1:04d}"
    page.goto(e2e.url("demo", f"{CHANGELIST}?q={last}"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_contain_text(f"Papel de prueba {tag} número {new_rows - 1}")
    count = COUNT.format(prefix=f"N-{tag}-")
    assert e2e.manage("shell", "-c", count).strip().splitlines()[-1] == str(new_rows)
    page.goto(e2e.url("demo", f"{CHANGELIST}?q={locked}"))
    expect(page.locator(f"#result_list tr:has-text('{locked}')")).to_contain_text("12")
    watcher.assert_clean("materials import as a job")
