"""Fixtures for the clients tests: users by role and data inside a tenant's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from modules.clients.tests.factories import ClientFactory, SchoolFactory


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, "Administrador")


@pytest.fixture
def sales_a(make_user, tenant_a):
    return make_user(tenant_a, "Ventas")


@pytest.fixture
def reader_a(make_user, tenant_a):
    return make_user(tenant_a, "Solo lectura")


@pytest.fixture
def client_in(db):
    """``client_in(tenant, **fields)``: a private client created in that tenant's schema."""

    def factory(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ClientFactory(**fields)

    return factory


@pytest.fixture
def school_in(db):
    def factory(tenant, **fields):
        with schema_context(tenant.schema_name):
            return SchoolFactory(**fields)

    return factory
