"""Fixtures of the metrics tests: the home business, another one, indicators written in a schema, the
accountant's API client and a fixed «today» for the figures."""

from datetime import date

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.metrics import selectors
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


@pytest.fixture
def api(api_client, tenant_a, make_user):
    """The API as an accountant of the home business (who reads the figures)."""
    return api_client(tenant_a, make_user(tenant_a, Role.ACCOUNTING))


@pytest.fixture
def on_april_30(monkeypatch):
    monkeypatch.setattr(selectors, "business_today", lambda: date(2026, 4, 30))
