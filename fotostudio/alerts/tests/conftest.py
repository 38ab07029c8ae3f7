"""Fixtures for the alerts tests: users by role in both verticals, and a studio alert type about clients."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.core.registry import AlertTypeSpec
from fotostudio.users.roles import Role
from modules.clients.tests.factories import ClientFactory

#: A studio kind of alert for the tests: the clients module does not declare any.
CLIENT_TYPE = AlertTypeSpec("CLIENTE_REVISAR", "Cliente por revisar", link_key="cliente")


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def admin_agro(make_user, tenant_agro):
    return make_user(tenant_agro, Role.ADMINISTRATOR)


@pytest.fixture
def client_alert_type(replace_module_spec):
    """The clients module declares ``CLIENTE_REVISAR`` (about a ``cliente``) for this test."""
    replace_module_spec("clients", alert_types=(CLIENT_TYPE,))
    return CLIENT_TYPE


@pytest.fixture
def client_in(db):
    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ClientFactory(**fields)

    return make
