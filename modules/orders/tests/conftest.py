"""Fixtures for the orders tests: users by role, clients and an API client for the studio ``alpha``."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.clients.tests.factories import ClientFactory
from modules.orders.tests.factories import OrderFactory, OrderLineFactory, PaymentFactory

LIST = "/api/v1/orders/"


def detail(order_id) -> str:
    return f"{LIST}{order_id}/"


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
def api(api_client, tenant_a, admin_a):
    return api_client(tenant_a, admin_a)


@pytest.fixture
def client_in(db):
    """``client_in(tenant, **fields)``: a client in that tenant's schema."""

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ClientFactory(**fields)

    return make


@pytest.fixture
def order_in(db):
    """``order_in(tenant, lines=0, payments=0, **fields)``: an order written directly in that tenant's schema."""

    def make(tenant, lines: int = 0, payments: int = 0, **fields):
        with schema_context(tenant.schema_name):
            order = OrderFactory(**fields)
            for _ in range(lines):
                OrderLineFactory(order=order)
            for _ in range(payments):
                PaymentFactory(order=order)
            return order

    return make


@pytest.fixture
def new_order(api, client_in, tenant_a):
    """``new_order(lines=[...], pagos=[...], **fields)``: an order created through the API (its JSON)."""

    def make(lines=None, pagos=None, **fields):
        client = fields.pop("cliente", None) or client_in(tenant_a).pk
        body = {
            "cliente": str(client),
            "servicio": fields.pop("servicio", "impresion"),
            "lineas": lines
            if lines is not None
            else [{"descripcion": "Impresión 20×30", "cantidad": "2", "precio_unitario": "10.00"}],
            **fields,
        }
        if pagos is not None:
            body["pagos"] = pagos
        response = api.post(LIST, body, format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    return make
