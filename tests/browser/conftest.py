"""Browser tests: Debian's Chromium, driven by Playwright, against a real server.

The server runs in a subprocess on its own database, so nothing here touches the
transaction-wrapped pytest database: once per session the e2e database is dropped
and recreated, ``manage.py bootstrap`` migrates it and seeds the demo tenant (the
same data ``make run`` shows), and ``manage.py runserver`` serves it on a free port
with a background jobs worker beside it (``manage.py procrastinate worker``, as
``make run``'s ``rundev`` starts one), so a job started from a page really runs.

Fixtures (reuse them in any ``tests/browser/test_*.py``):

``e2e`` (session)
    The running server, an :class:`E2EServer`:

    - ``e2e.url("demo", "/admin/")`` → ``"http://demo.localhost:<port>/admin/"``;
      ``e2e.url(None, "/health/")`` → the public host (``localhost``);
    - ``e2e.password`` (every demo user shares it), ``e2e.admin_username``
      (``"admin"``, role Administrador), ``e2e.platform_username``; the other demo
      users are ``gerente``, ``ventas``, ``produccion``, ``fotografo``,
      ``contabilidad``, ``lectura`` (``fotostudio/users/demo.py``);
    - ``e2e.manage("shell", "-c", code)`` runs a management command on the server's
      database and returns its output (tests never use the ORM in-process: the
      pytest database is a different one);
    - ``e2e.tenant_name`` ("Estudio Fotográfico Demo"); ``e2e.log_path`` (the server's
      output, ``tests/browser/artifacts/server-<database>.log``);
    - ``e2e.worker_log_path`` (the jobs worker's output, ``…/worker-<database>.log``).
      The worker serves every business of the e2e database (the demo and any a test
      creates), runs the periodic jobs as ``make run``'s does, and is stopped with
      SIGTERM at the end of the session (its running jobs may finish, up to
      ``WORKER_STOP_TIMEOUT``). The server imports materials files over
      ``E2E_INVENTORY_IMPORT_SYNC_MAX_BYTES`` (16 KB) as jobs, so a small file shows the
      job's page.

``browser`` (package)
    One headless Chromium for the browser tests (``/usr/bin/chromium``, never a
    Playwright download).

``page`` (per test)
    A fresh page in a new browser context (no cookies), Spanish locale, 1440×900.
    On failure a full-page screenshot is saved in ``tests/browser/artifacts/``.

``admin_login`` (per test)
    ``admin_login(page, username="admin", password=None, tenant="demo")`` fills and
    submits the admin login form and waits for the dashboard.

``admin_page`` (per test)
    ``page`` already signed in as the demo tenant's admin, on the dashboard.

Mark every test with ``@pytest.mark.browser``; without Chromium they are skipped.
The server keeps its state for the whole session: a test that creates data should
use unique values (``uuid4().hex[:8]``) rather than assume an empty table.

The database is ``fotostudio_e2e`` on the embedded server, or ``DATABASE_URL``'s name
plus ``_e2e`` (``tests/browser/e2e_database.py``); ``E2E_DATABASE=<name>`` picks another.
A file lock makes a second session on the same database wait for the first.

Run them with ``.venv/bin/pytest tests/browser -q`` (``-m "not browser"`` skips them).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.e2e_database import E2EDatabase, e2e_database

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
E2E_PASSWORD = "E2e-Navegador-2026!"
DEMO_TENANT_NAME = "Estudio Fotográfico Demo"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 600  # seconds for bootstrap (migrations and every module's demo data) plus runserver
LOCK_TIMEOUT = 600  # seconds to wait for another session using the same e2e database
#: Seconds the worker has to stop after SIGTERM before it is killed: more than its graceful timeout (20 s).
WORKER_STOP_TIMEOUT = 30
#: Materials files bigger than this are imported by a job on the e2e server (1 MB in production).
E2E_INVENTORY_IMPORT_SYNC_MAX_BYTES = 16 * 1024


def chromium_path() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium): browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so ``page`` can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@dataclass(frozen=True)
class E2EServer:
    port: int
    password: str
    log_path: Path
    env: dict[str, str] = field(default_factory=dict, repr=False)  # the server's environment
    worker_log_path: Path | None = None  # the jobs worker's output
    public_domain: str = "localhost"
    admin_username: str = "admin"
    platform_username: str = "platform"
    tenant_slug: str = "demo"
    tenant_name: str = DEMO_TENANT_NAME

    def host(self, tenant: str | None = "demo") -> str:
        return f"{tenant}.{self.public_domain}" if tenant else self.public_domain

    def url(self, tenant: str | None = "demo", path: str = "/") -> str:
        """``url("demo", "/admin/")`` → ``http://demo.localhost:<port>/admin/``; ``tenant=None``: public host."""
        return f"http://{self.host(tenant)}:{self.port}/{path.lstrip('/')}"

    def manage(self, *args: str) -> str:
        """Run ``manage.py <args>`` against the server's database; its output (raises if it fails).

        ``e2e.manage("shell", "-c", "...")`` reads or prepares data the UI cannot reach; the code
        runs in the public schema unless it enters ``django_tenants.utils.schema_context("demo")``.
        """
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _server_env(database: E2EDatabase) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"TEST_DATABASE_NAME", "PYTEST_ADDOPTS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="fotostudio.settings.development",
        DEMO_PASSWORD=E2E_PASSWORD,
        PUBLIC_DOMAIN="localhost",
        ALLOWED_HOSTS="localhost,.localhost,127.0.0.1",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
        INVENTORY_IMPORT_SYNC_MAX_BYTES=str(E2E_INVENTORY_IMPORT_SYNC_MAX_BYTES),
    )
    env.update(database.env)
    return env


@contextlib.contextmanager
def _exclusive(database: E2EDatabase) -> Iterator[None]:
    """One session at a time per e2e database: a second ``pytest tests/browser`` waits instead of
    dropping the database under the first one's server (``E2E_DATABASE=...`` runs them side by side)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / f".{database.name}.lock").open("w") as lock:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"Another test session has held the e2e database {database.name} "
                        f"for {LOCK_TIMEOUT}s; set E2E_DATABASE to use another one."
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _wait_healthy(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The e2e server exited with {process.returncode}:\n{_log_tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The e2e server did not answer {url} in {SERVER_START_TIMEOUT}s:\n{_log_tail(log_path)}")


@pytest.fixture(scope="session")
def e2e() -> Iterator[E2EServer]:
    """Bootstrap a fresh e2e database once and serve it with runserver for the whole session."""
    database = e2e_database()
    with _exclusive(database):
        database.recreate()
        yield from _serve(database)


def _serve(database: E2EDatabase) -> Iterator[E2EServer]:
    log_path = ARTIFACTS / f"server-{database.name}.log"
    port = _free_port()
    env = _server_env(database)
    manage = [sys.executable, str(ROOT / "manage.py")]
    with log_path.open("w") as log:
        bootstrap = subprocess.run(
            [*manage, "bootstrap", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=SERVER_START_TIMEOUT,
        )
    if bootstrap.returncode != 0:
        raise RuntimeError(f"manage.py bootstrap failed ({bootstrap.returncode}):\n{_log_tail(log_path)}")
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker_log_path = ARTIFACTS / f"worker-{database.name}.log"
    server = E2EServer(port=port, password=E2E_PASSWORD, log_path=log_path, env=env, worker_log_path=worker_log_path)
    worker = None
    try:
        _wait_healthy(server.url(None, "/health/"), process, log_path)
        worker = _start_worker(manage, env, worker_log_path)
        yield server
    finally:
        if worker is not None:
            _stop_worker(worker, worker_log_path)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """The worker gets SIGTERM if this pytest process is killed (Linux), as ``rundev``'s children do."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _start_worker(manage: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """``manage.py procrastinate worker``, the command ``rundev`` (``make run``) starts beside the server."""
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [*manage, "procrastinate", "worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    time.sleep(1)
    if worker.poll() is not None:
        raise RuntimeError(f"The e2e jobs worker exited with {worker.returncode}:\n{_log_tail(log_path)}")
    return worker


def _stop_worker(worker: subprocess.Popen, log_path: Path) -> None:
    """SIGTERM once (a second one would make it stop at once): it takes no more jobs and lets the running ones
    end; killed with its process group after ``WORKER_STOP_TIMEOUT``."""
    if worker.poll() is None:
        worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        with log_path.open("a") as log:
            log.write(f"\n(e2e: the worker did not stop in {WORKER_STOP_TIMEOUT} s after SIGTERM and was killed)\n")


# Package scope, not session: while Playwright's sync API is started its event loop counts as running in this
# thread, and Django refuses database work "from an async context". Stopping it when the browser tests are
# done lets the tests that run after them in the same process (a pytest-xdist worker) use the database.
@pytest.fixture(scope="package")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(request, browser, e2e):
    context = browser.new_context(locale="es-EC", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def admin_login(e2e) -> Callable:
    """``admin_login(page, username="admin", password=None, tenant="demo")``: sign in, wait for the dashboard."""

    def sign_in(page, username: str = e2e.admin_username, password: str | None = None, tenant: str = "demo"):
        page.goto(e2e.url(tenant, "/admin/login/"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password or e2e.password)
        page.click("#login-form [type=submit]")
        page.wait_for_selector("[data-testid=dashboard]")
        return page

    return sign_in


@pytest.fixture
def admin_page(page, admin_login):
    """A page signed in as the demo tenant's admin, on the dashboard."""
    return admin_login(page)
