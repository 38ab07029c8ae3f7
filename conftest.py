"""Session-wide test setup: one test database, four test tenants (two of each vertical), reused between runs.

Tenants are created once per database (``--reuse-db`` keeps them); each test
runs in a transaction that is rolled back, so tests never rebuild schemas.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import threading
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context
from rest_framework.test import APIClient

from fotostudio.users.models import User
from tenants.models import BusinessType, Tenant

TEST_PASSWORD = "Prueba-Segura-2026!"
PUBLIC_HOST = "testserver"

TEST_TENANTS = {
    "alpha": ("Estudio Alfa", BusinessType.PHOTO_STUDIO),
    "beta": ("Estudio Beta", BusinessType.PHOTO_STUDIO),
    "campo": ("Agro Campo", BusinessType.AGRO_TRACEABILITY),
    "finca": ("Agro Finca", BusinessType.AGRO_TRACEABILITY),
}


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def pytest_make_parametrize_id(config, val, argname):
    """Test ids that are the same in every process: pytest-xdist's workers must collect identical ids, and
    some parameters are made at import (an unknown id from ``uuid4()``, a zip with the time in it)."""
    if isinstance(val, bytes | bytearray):
        return f"{argname}-bytes"  # not its size either: a zip's size follows the time it was made
    if isinstance(val, str) and _UUID.search(val):
        return _UUID.sub("<uuid>", val)
    return None


#: The generated proof (every operation × role × business, and schemathesis) runs without coverage tracing,
#: which doubles a test's Python time: the coverage figure is the hand-written tests'. See docs/decisions.md.
UNMEASURED_TEST_FILES = {"test_api_matrix.py", "test_api_schemathesis.py"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests share one server and one Chromium per process: under pytest-xdist they all run in the
    same worker (``--dist loadgroup``) instead of each worker bootstrapping a server of its own. The generated
    proof is not traced by coverage."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        if item.path.name in UNMEASURED_TEST_FILES:
            item.add_marker(pytest.mark.no_cover)


def _tenant_ensure(slug: str) -> Tenant:
    from tenants.services import public_tenant_ensure, tenant_create

    public_tenant_ensure(domain=PUBLIC_HOST)
    tenant = Tenant.objects.filter(schema_name=slug).first()
    if tenant is None:
        name, business_type = TEST_TENANTS[slug]
        tenant = tenant_create(
            name=name,
            slug=slug,
            domain=f"{slug}.{PUBLIC_HOST}",
            admin_email=f"admin@{slug}.test",
            admin_password=TEST_PASSWORD,
            business_type=business_type,
        )
    return tenant


@pytest.fixture(scope="session")
def test_tenants(django_db_setup, django_db_blocker) -> dict[str, Tenant]:
    with django_db_blocker.unblock():
        tenants = {slug: _tenant_ensure(slug) for slug in TEST_TENANTS}
        connection.set_schema_to_public()
    return tenants


@pytest.fixture
def tenant_a(test_tenants, db) -> Tenant:
    return test_tenants["alpha"]


@pytest.fixture
def tenant_b(test_tenants, db) -> Tenant:
    return test_tenants["beta"]


@pytest.fixture
def tenant_agro(test_tenants, db) -> Tenant:
    return test_tenants["campo"]


@pytest.fixture
def tenant_agro_b(test_tenants, db) -> Tenant:
    return test_tenants["finca"]


@pytest.fixture(autouse=True)
def _clean_state():
    cache.clear()
    yield
    connection.set_schema_to_public()
    cache.clear()


@pytest.fixture
def replace_module_spec(monkeypatch):
    """``replace_module_spec("users", always_enabled=False, …)``: that module's spec with those fields changed,
    for one test (the registry is read again before and after)."""
    from fotostudio.core.registry import registry

    def replace(app_label: str, /, **changes):
        config = apps.get_app_config(app_label)
        spec = dataclasses.replace(config.module_spec, **changes)
        monkeypatch.setattr(config, "module_spec", spec)
        registry.reload()
        return spec

    yield replace
    monkeypatch.undo()
    registry.reload()


class Concurrently:
    """Run work in several threads at once, each with its own database connection and transactions.

    ``run(count, work, tenant=...)`` starts ``count`` threads that wait at a barrier and then call
    ``work(index)`` together (in ``tenant``'s schema); it returns each call's result, or the exception
    it raised. ``once(call, tenant=...)`` runs one call the same way, to prepare or read committed data.
    What the threads write is really committed (the test's own transaction cannot roll it back), so a
    test declares how to remove it: ``cleanup(tenant, function)`` runs ``function`` in a thread of its
    own, committed, after the test.

    A thread sees only committed data: rows the test itself created are invisible to it. Use what
    the session already committed (the test tenants and their first administrator), or create the
    prerequisites through ``run``.
    """

    TIMEOUT = 60

    def __init__(self):
        self._cleanups: list[tuple[Tenant | None, Callable[[], object]]] = []

    def once(self, call: Callable[[], object], *, tenant: Tenant | None = None, timeout: float | None = None) -> object:
        """``call()`` on a connection of its own (committed when it returns): to prepare or read what threads see.
        ``timeout``: seconds to wait for it (:attr:`TIMEOUT` unless told)."""
        outcome: list[object] = []

        def target():
            try:
                connection.set_tenant(tenant) if tenant is not None else connection.set_schema_to_public()
                outcome.append(call())
            except BaseException as exc:  # handed back to the test, which decides what it means
                outcome.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout or self.TIMEOUT)
        if not outcome:
            raise TimeoutError("the thread did not finish")
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def run(self, count: int, work: Callable[[int], object], *, tenant: Tenant | None = None) -> list[object]:
        barrier = threading.Barrier(count)
        results: list[object] = [TimeoutError("the thread did not finish")] * count

        def worker(index: int) -> None:
            try:
                connection.set_tenant(tenant) if tenant is not None else connection.set_schema_to_public()
                barrier.wait(self.TIMEOUT)
                results[index] = work(index)
            except BaseException as exc:  # handed back to the test
                results[index] = exc
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.TIMEOUT)
        return results

    def cleanup(self, tenant: Tenant | None, function: Callable[[], object]) -> None:
        self._cleanups.append((tenant, function))

    def finish(self) -> None:
        for tenant, function in reversed(self._cleanups):
            self.once(function, tenant=tenant)


@pytest.fixture
def concurrently(db) -> Concurrently:
    """Real concurrent transactions (see :class:`Concurrently`); used for races on unique values, stock, bookings."""
    harness = Concurrently()
    yield harness
    harness.finish()


def first_admin(tenant: Tenant) -> User:
    """The tenant's first administrator: created with the session, so committed and visible to every thread."""
    with schema_context(tenant.schema_name):
        return User.objects.filter(is_superuser=True).order_by("date_joined").first()


def host_of(tenant: Tenant) -> str:
    return f"{tenant.schema_name}.{PUBLIC_HOST}"


_usernames = itertools.count(1)


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    """``make_user(tenant, role=None, **fields)``: a staff user in that tenant's schema."""
    from fotostudio.users.services import user_create

    def factory(tenant: Tenant | None, role: str | None = None, **fields) -> User:
        schema = tenant.schema_name if tenant else get_public_schema_name()
        number = next(_usernames)
        with schema_context(schema):
            return user_create(
                username=fields.pop("username", f"user{number}"),
                email=fields.pop("email", f"user{number}@example.com"),
                password=fields.pop("password", TEST_PASSWORD),
                roles=[role] if role else [],
                **fields,
            )

    return factory


@pytest.fixture
def api_client() -> Callable[..., APIClient]:
    """``api_client(tenant, user=None)``: an API client on the tenant's host, signed in as ``user``."""
    from fotostudio.users.tokens import tokens_for_user

    def factory(tenant: Tenant | None, user: User | None = None) -> APIClient:
        client = APIClient(HTTP_HOST=host_of(tenant) if tenant else PUBLIC_HOST)
        if user is not None:
            schema = tenant.schema_name if tenant else get_public_schema_name()
            with schema_context(schema):
                access = tokens_for_user(user)["access"]
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        return client

    return factory


@pytest.fixture
def admin_client_for(client) -> Callable[..., object]:
    """``admin_client_for(tenant, user)``: Django's test client on the tenant's host, logged in."""
    from django.test import Client

    def factory(tenant: Tenant | None, user: User) -> Client:
        browser = Client(HTTP_HOST=host_of(tenant) if tenant else PUBLIC_HOST)
        schema = tenant.schema_name if tenant else get_public_schema_name()
        with schema_context(schema):
            browser.force_login(user)
        return browser

    return factory


@pytest.fixture
def run_jobs(db, monkeypatch) -> Callable[..., int]:
    """``run_jobs()``: run every queued job now with procrastinate's real worker, inside the test's transaction
    (the jobs see the test's rows, everything is rolled back). See ``fotostudio/jobs/testing.py``."""
    from procrastinate import utils as procrastinate_utils
    from procrastinate.contrib.django import app

    from fotostudio.jobs.testing import run_queued_jobs_in_transaction, thread_sensitive_sync_to_async

    monkeypatch.setattr(procrastinate_utils, "sync_to_async", thread_sensitive_sync_to_async)
    monkeypatch.setattr(app.periodic_registry, "periodic_tasks", {})  # no real cron ticks inside a test
    return run_queued_jobs_in_transaction


@pytest.fixture
def jobs_worker(concurrently, monkeypatch):
    """A real worker on committed data (procrastinate's psycopg pool and thread pool, each job on its own
    connection): ``jobs_worker.start(tenant, kind=…, title=…, payload=…)``, ``jobs_worker.run()``,
    ``jobs_worker.job(tenant, id)``. What it commits is removed after the test."""
    from procrastinate.contrib.django import app

    from fotostudio.jobs.testing import CommittedWorker

    monkeypatch.setattr(app.periodic_registry, "periodic_tasks", {})
    return CommittedWorker(concurrently)
