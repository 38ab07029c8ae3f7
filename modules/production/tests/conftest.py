"""Fixtures for the production tests: users by role and rows inside the studio's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role


@pytest.fixture
def home(tenant_a):
    return tenant_a


@pytest.fixture
def other(tenant_b):
    return tenant_b


@pytest.fixture
def administrator(make_user, home):
    return make_user(home, Role.ADMINISTRATOR)


@pytest.fixture
def in_home(home):
    """Tests that use the ORM run inside the studio's schema."""
    with schema_context(home.schema_name):
        yield home
