"""Fixtures of the metrics tests: the home business, another one, and indicators written in a schema."""

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.metrics.tests.factories import KpiDefinitionFactory


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
def kpi_in(db):
    """``kpi_in(tenant, **fields)``: an indicator written in that tenant's schema."""

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return KpiDefinitionFactory(**fields)

    return make
