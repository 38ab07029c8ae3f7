"""Fixtures for the contracts tests: users by role and rows inside a tenant's schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.clients.tests.factories import ClientFactory, SchoolFactory
from modules.contracts.tests.factories import ContractFactory, ContractPackageFactory, RosterStudentFactory


@pytest.fixture
def home(tenant_a):
    return tenant_a


@pytest.fixture
def other(tenant_b):
    return tenant_b


@pytest.fixture
def administrator(make_user, home):
    return make_user(home, Role.ADMINISTRATOR)


def _in(tenant, factory, fields):
    with schema_context(tenant.schema_name):
        return factory(**fields)


@pytest.fixture
def school_in(db):
    return lambda tenant, **fields: _in(tenant, SchoolFactory, fields)


@pytest.fixture
def private_client_in(db):
    return lambda tenant, **fields: _in(tenant, ClientFactory, fields)


@pytest.fixture
def contract_in(db):
    """``contract_in(tenant, **fields)``: a contract written in that tenant's schema (with a new school)."""
    return lambda tenant, **fields: _in(tenant, ContractFactory, fields)


@pytest.fixture
def package_in(db):
    return lambda tenant, **fields: _in(tenant, ContractPackageFactory, fields)


@pytest.fixture
def student_in(db):
    return lambda tenant, **fields: _in(tenant, RosterStudentFactory, fields)
