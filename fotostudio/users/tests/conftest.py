"""Helpers for the tests that race real threads against each other.

The rest of the suite runs each test in a transaction that is rolled back, which
other connections cannot see. A race needs rows every connection sees: ``committed``
writes, reads and deletes them through connections of their own (Django gives each
thread its own), in autocommit, while the test's connection idles in its rolled-back
transaction. What a test commits it removes afterwards: the session's tenants stay,
nothing is flushed. ``run_in_threads`` starts the racing threads together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from conftest import TEST_PASSWORD
from fotostudio.audit.models import AccessLog
from fotostudio.users.models import LoginBucket, User
from tenants.models import Tenant


class Committed:
    def __init__(self, schemas: tuple[str, ...]):
        self.schemas = schemas
        self.started = timezone.now() - timedelta(seconds=1)
        self.users: dict[str, list] = {}
        self.undo: list[Callable[[], None]] = []

    @staticmethod
    def run(function: Callable[[], object]) -> object:
        """``function()`` on a connection of its own, committed when it returns."""
        return run_in_threads(1, lambda _index: function())[0]

    def user(self, tenant: Tenant, role: str | None = None, *, username: str, **fields) -> User:
        from fotostudio.users.services import user_create

        def create():
            with schema_context(tenant.schema_name):
                return user_create(
                    username=username,
                    email=fields.pop("email", f"{username}@{tenant.schema_name}.test"),
                    password=fields.pop("password", TEST_PASSWORD),
                    roles=[role] if role else [],
                    **fields,
                )

        user = self.run(create)
        self.users.setdefault(tenant.schema_name, []).append(user.pk)
        return user

    def clean_up(self) -> None:
        for undo in reversed(self.undo):
            self.run(undo)
        self.run(self._delete_what_the_test_left)

    def _delete_what_the_test_left(self) -> None:
        for schema in self.schemas:
            with schema_context(schema):
                user_ids = self.users.get(schema, [])
                OutstandingToken.objects.filter(user_id__in=user_ids).delete()
                OutstandingToken.objects.filter(user__isnull=True, created_at__gte=self.started).delete()
                User.objects.filter(pk__in=user_ids).delete()
                AccessLog.objects.filter(created_at__gte=self.started).delete()
                LoginBucket.objects.filter(created_at__gte=self.started).delete()


@pytest.fixture
def committed(db, test_tenants):
    """``committed.user(tenant, role, username=…)``: a user every connection sees; ``committed.run(fn)``:
    ``fn()`` on a connection of its own (read what the threads wrote). After the test, ``committed.undo``
    callables run and the users, access log rows, sign-in buckets and tokens the test left are deleted."""
    helper = Committed(tuple(tenant.schema_name for tenant in test_tenants.values()))
    try:
        yield helper
    finally:
        helper.clean_up()


def run_in_threads(count: int, target: Callable[[int], object]) -> list:
    """``target(0)`` … ``target(count - 1)``, each in its own thread, released at the same moment.

    Returns their results in order; re-raises the first exception a thread raised. Each
    thread's database connection is closed when it ends.
    """
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = target(index)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results
