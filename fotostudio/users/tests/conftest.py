"""Helpers for the tests that race real threads against each other.

The rest of the suite runs each test in a transaction that is rolled back, which
other connections cannot see. A race needs rows every connection sees: ``committed``
writes, reads and deletes them through connections of their own (Django gives each
thread its own), in autocommit, while the test's connection idles in its rolled-back
transaction. What a test commits it removes afterwards: the session's tenants stay,
nothing is flushed. The threads come from the suite's ``concurrently`` harness (conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from conftest import TEST_PASSWORD
from fotostudio.audit.models import AccessLog
from fotostudio.users.models import LoginBucket, User
from tenants.models import Tenant


class Committed:
    def __init__(self, concurrently, schemas: tuple[str, ...]):
        self.concurrently = concurrently
        self.schemas = schemas
        self.started = timezone.now() - timedelta(seconds=1)
        self.users: dict[str, list] = {}
        self.undo: list[Callable[[], None]] = []

    def run(self, function: Callable[[], object]) -> object:
        """``function()`` on a connection of its own, committed when it returns."""
        return self.concurrently.once(function)

    def race(self, count: int, target: Callable[[int], object]) -> list:
        """``target(0)`` … ``target(count - 1)`` in threads released together; the first exception is re-raised."""
        results = self.concurrently.run(count, target)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return results

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
def committed(concurrently, test_tenants):
    """``committed.user(tenant, role, username=…)``: a user every connection sees; ``committed.run(fn)``:
    ``fn()`` on a connection of its own (read what the threads wrote). After the test, ``committed.undo``
    callables run and the users, access log rows, sign-in buckets and tokens the test left are deleted."""
    helper = Committed(concurrently, tuple(tenant.schema_name for tenant in test_tenants.values()))
    try:
        yield helper
    finally:
        helper.clean_up()
