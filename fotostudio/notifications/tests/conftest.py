"""Fixtures for the notifications tests."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.notifications.tests.factories import NotificationFactory
from fotostudio.users.roles import Role


@pytest.fixture
def admin_agro(make_user, tenant_agro):
    return make_user(tenant_agro, Role.ADMINISTRATOR)


@pytest.fixture
def worker_agro(make_user, tenant_agro):
    return make_user(tenant_agro, Role.QUALITY, email="calidad@example.com")


@pytest.fixture
def notification_in(db):
    """``notification_in(tenant, **fields)``: a notification row in that tenant's schema."""

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return NotificationFactory(**fields)

    return make
