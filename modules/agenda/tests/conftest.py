"""Fixtures for the agenda tests: users by role, and rows inside a tenant's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.agenda.tests.factories import AppointmentFactory, ResourceFactory
from modules.clients.tests.factories import ClientFactory, SchoolFactory


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def manager_a(make_user, tenant_a):
    return make_user(tenant_a, Role.MANAGER)


@pytest.fixture
def sales_a(make_user, tenant_a):
    return make_user(tenant_a, Role.SALES)


@pytest.fixture
def photographer_a(make_user, tenant_a):
    return make_user(tenant_a, Role.PHOTOGRAPHER, full_name="Ana Fotógrafa")


@pytest.fixture
def in_schema(db):
    """``in_schema(tenant, factory, **fields)``: a row made by ``factory`` in that tenant's schema."""

    def make(tenant, factory, **fields):
        with schema_context(tenant.schema_name):
            return factory(**fields)

    return make


@pytest.fixture
def resource_in(in_schema):
    return lambda tenant, **fields: in_schema(tenant, ResourceFactory, **fields)


@pytest.fixture
def appointment_in(in_schema):
    return lambda tenant, **fields: in_schema(tenant, AppointmentFactory, **fields)


@pytest.fixture
def client_in(in_schema):
    return lambda tenant, **fields: in_schema(tenant, ClientFactory, **fields)


@pytest.fixture
def school_in(in_schema):
    return lambda tenant, **fields: in_schema(tenant, SchoolFactory, **fields)
