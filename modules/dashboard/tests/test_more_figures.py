"""The summary's other sections (active clients, production, inventory, agenda, contracts): each figure against
a value computed by hand, and ``null`` without the permission it reads."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role
from modules.agenda.models import AppointmentStatus
from modules.agenda.tests.factories import AppointmentFactory
from modules.contracts.models import ContractStatus
from modules.contracts.selectors import contract_alert_days
from modules.contracts.tests.factories import ContractFactory
from modules.dashboard.vocabulary import SECTION_ENDPOINTS, SECTION_PERMISSIONS
from modules.inventory.models import Material
from modules.inventory.tests.factories import MaterialFactory
from modules.orders.models import OrderStatus
from modules.orders.tests.factories import OrderFactory
from modules.production.tests.factories import moulding_with_stock, production_order_factory
from modules.production.tests.test_services import register_frame

from .conftest import PERIOD

BASE = "/api/v1/dashboard/"


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def api(api_client, tenant_a, make_user):
    return api_client(tenant_a, make_user(tenant_a, Role.MANAGER))


def test_active_clients_new_and_returning(api, studio):
    # Ana ordered in March–April and had ordered on 27 Feb: returning. Eva's first order is in April: new.
    # Luis only has a cancelled order in the period: not active. Marta ordered before only.
    with schema_context(studio.schema_name):
        OrderFactory(client__name="Eva", order_date=date(2026, 4, 2), total=Decimal("10.00"))
        OrderFactory(client__name="Luis", order_date=date(2026, 4, 2), status=OrderStatus.CANCELLED)
        OrderFactory(client__name="Marta", order_date=date(2026, 1, 2))
    body = api.get(BASE, PERIOD).json()
    assert body["clientes_activos"] == {"nuevos": 1, "recurrentes": 1, "total": 2}


def test_production_output_against_waste(api, tenant_a):
    with schema_context(tenant_a.schema_name):
        moulding = moulding_with_stock(metres="20", cost="2.00")
        # each frame: 2.5 m taken, 0.1 m waste, offcuts of 0.4 (back to stock) and 0.1 (waste) → used 2.0 m
        # (4.00), waste 0.2 m (0.40): material 4.40 per frame
        register_frame(production_order_factory(), moulding)
        register_frame(production_order_factory(), moulding)
        production_order_factory()  # planned: not counted
    today = timezone.localdate().isoformat()
    body = api.get(BASE, {"desde": today, "hasta": today}).json()
    assert body["produccion"] == {
        "ordenes": 2,
        "productos": 2,
        "costo_material": "8.80",
        "aprovechado": "8.00",
        "merma": "0.80",
        "merma_porcentaje": "9.09",  # 0.80 / 8.80
    }
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    empty = api.get(BASE, {"desde": yesterday, "hasta": yesterday}).json()["produccion"]
    assert empty == {
        "ordenes": 0,
        "productos": 0,
        "costo_material": "0.00",
        "aprovechado": "0.00",
        "merma": "0.00",
        "merma_porcentaje": None,
    }


def test_inventory_low_and_out_of_stock(api, tenant_a):
    with schema_context(tenant_a.schema_name):
        quantities = {"0": True, "5": True, "10": True, "100": True}  # minimum 10
        for quantity in quantities:
            Material.objects.filter(pk=MaterialFactory().pk).update(quantity_on_hand=Decimal(quantity))
        Material.objects.filter(pk=MaterialFactory(is_active=False).pk).update(quantity_on_hand=0)  # not counted
    body = api.get(BASE).json()
    assert body["inventario"] == {"materiales": 4, "bajo_minimo": 3, "agotados": 1}  # 0, 5 and 10; 0


def test_todays_appointments(api, tenant_a):
    today = timezone.localdate()
    with schema_context(tenant_a.schema_name):
        AppointmentFactory(starts_at=_local(today, 10), ends_at=_local(today, 11))
        AppointmentFactory(starts_at=_local(today, 15), ends_at=_local(today, 16))
        AppointmentFactory(starts_at=_local(today, 17), ends_at=_local(today, 18), status=AppointmentStatus.CANCELLED)
        tomorrow = today + timedelta(days=1)
        AppointmentFactory(starts_at=_local(tomorrow, 10), ends_at=_local(tomorrow, 11))
    assert api.get(BASE).json()["agenda"] == {"fecha": today.isoformat(), "citas_hoy": 2}


def test_contracts_expiring(api, tenant_a):
    today = timezone.localdate()
    with schema_context(tenant_a.schema_name):
        days = contract_alert_days()
        ContractFactory(end_date=today)  # ends today: still expiring
        ContractFactory(end_date=today + timedelta(days=days))
        ContractFactory(end_date=today + timedelta(days=days + 1))  # in force, not yet expiring
        ContractFactory(end_date=today - timedelta(days=1))  # expired
        ContractFactory(status=ContractStatus.DRAFT, end_date=today)
    assert api.get(BASE).json()["contratos"] == {"vigentes": 3, "por_vencer": 2, "dias": days}


def test_every_section_is_null_without_its_permission(api_client, tenant_a, make_user):
    for role in [*get_module("orders").roles, None]:  # the studio's roles
        user = make_user(tenant_a, role)
        with schema_context(tenant_a.schema_name):
            allowed = {key for key, permission in SECTION_PERMISSIONS.items() if user.has_perm(permission)}
        body = api_client(tenant_a, user).get(BASE).json()
        assert {key for key in SECTION_PERMISSIONS if body[key] is not None} == allowed, role
    assert set(SECTION_ENDPOINTS) <= set(SECTION_PERMISSIONS)
