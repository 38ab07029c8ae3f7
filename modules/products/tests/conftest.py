"""Fixtures for the products tests: users by role and rows inside a tenant's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.clients.tests.factories import ClientFactory
from modules.products.tests.factories import ProductFactory


@pytest.fixture
def administrator(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def product_in(db):
    """``product_in(tenant, **fields)``: a product written in that tenant's schema."""

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ProductFactory(**fields)

    return make


@pytest.fixture
def customer_in(db):
    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ClientFactory(**fields)

    return make
