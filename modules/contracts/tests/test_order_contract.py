"""An order's school contract, shown and set from the orders API and admin; the commission reads the same link."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.contracts.models import ContractOrder, ContractStatus
from modules.contracts.selectors import commission_owed
from modules.contracts.tests.factories import ContractOrderFactory
from modules.orders.models import Order, OrderStatus, ServiceType
from modules.orders.services import order_transition, payment_register
from modules.orders.tests.factories import OrderFactory

ORDERS = "/api/v1/orders/"
LINE = {"descripcion": "Paquete escolar", "cantidad": "1", "precio_unitario": "20.00", "tasa_iva": "0"}


def _order_body(client_id, **extra):
    return {"cliente": str(client_id), "servicio": "sesion_fotos", "lineas": [LINE], **extra}


@pytest.fixture
def api(api_client, home, administrator):
    return api_client(home, administrator)


@pytest.fixture
def contract(home, contract_in):
    return contract_in(home, commission_rate=Decimal("10.00"))


def test_an_order_is_created_with_its_contract_and_shows_it(api, home, contract):
    response = api.post(ORDERS, _order_body(contract.school_id, contrato=str(contract.pk)), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["contrato"], body["contrato_numero"], body["contrato_colegio"]) == (
        str(contract.pk),
        contract.number,
        contract.school.name,
    )
    with schema_context(home.schema_name):
        link = ContractOrder.objects.get(order_id=body["id"])
        assert (link.contract_id, link.student_id) == (contract.pk, None)
    assert api.get(f"{ORDERS}{body['id']}/").json()["contrato"] == str(contract.pk)


def test_an_order_without_contract_shows_null(api, home, client_in_home):
    body = api.post(ORDERS, _order_body(client_in_home.pk), format="json").json()
    assert (body["contrato"], body["contrato_numero"], body["contrato_colegio"]) == (None, None, None)


@pytest.fixture
def client_in_home(home, private_client_in):
    return private_client_in(home)


def test_the_contracts_school_must_be_the_orders_client(api, home, contract, client_in_home):
    response = api.post(ORDERS, _order_body(client_in_home.pk, contrato=str(contract.pk)), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "contract_order_school_mismatch"
    assert "contrato" in response.json()["errors"]
    with schema_context(home.schema_name):
        assert not Order.objects.exists()  # all or nothing


@pytest.mark.parametrize(
    ("fields", "allowed"),
    [
        ({"status": ContractStatus.ACTIVE}, True),
        ({"status": ContractStatus.DRAFT}, True),
        ({"status": ContractStatus.CANCELLED}, False),
        ({"status": ContractStatus.ACTIVE, "end_date_offset": -1}, False),  # expired
    ],
)
def test_only_contracts_in_force_or_drafts_take_orders(api, home, contract_in, fields, allowed):
    fields = dict(fields)
    offset = fields.pop("end_date_offset", None)
    if offset is not None:
        today = timezone.localdate()
        fields.update(start_date=today - timedelta(days=60), end_date=today + timedelta(days=offset))
    contract = contract_in(home, **fields)
    response = api.post(ORDERS, _order_body(contract.school_id, contrato=str(contract.pk)), format="json")
    if allowed:
        assert response.status_code == 201, response.json()
    else:
        assert response.status_code == 400
        assert response.json()["code"] == "contract_order_status_invalid"


def test_unknown_or_other_business_contract_is_400(api, home, other, contract, contract_in):
    foreign = contract_in(other)
    for value, code in ((str(foreign.pk), "link_not_found"), ("no-es-un-id", None)):
        response = api.post(ORDERS, _order_body(contract.school_id, contrato=value), format="json")
        assert response.status_code == 400
        assert "contrato" in response.json()["errors"]
        if code:
            assert response.json()["code"] == code


def test_a_user_who_may_not_see_contracts_cannot_set_one(api_client, home, make_user, contract):
    # Producción may change orders but only sees contracts: give it a role without contracts at all.
    user = make_user(home, Role.SALES)
    with schema_context(home.schema_name):
        user.user_permissions.clear()
        for group in user.groups.all():
            group.permissions.remove(*group.permissions.filter(codename="view_contract"))
    response = api_client(home, user).post(
        ORDERS, _order_body(contract.school_id, contrato=str(contract.pk)), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "link_not_found"


def test_update_sets_changes_keeps_and_clears_the_contract(api, home, contract, contract_in):
    order = api.post(ORDERS, _order_body(contract.school_id), format="json").json()
    url = f"{ORDERS}{order['id']}/"
    assert api.patch(url, {"contrato": str(contract.pk)}, format="json").json()["contrato"] == str(contract.pk)
    assert api.patch(url, {"notas": "x"}, format="json").json()["contrato"] == str(contract.pk)  # left out: kept
    second = contract_in(home, school=contract.school)
    assert api.patch(url, {"contrato": str(second.pk)}, format="json").json()["contrato"] == str(second.pk)
    assert api.patch(url, {"contrato": None}, format="json").json()["contrato"] is None
    with schema_context(home.schema_name):
        assert not ContractOrder.objects.filter(order_id=order["id"]).exists()


def test_changing_the_client_away_from_the_school_is_refused_while_linked(api, home, contract, client_in_home):
    order = api.post(ORDERS, _order_body(contract.school_id, contrato=str(contract.pk)), format="json").json()
    url = f"{ORDERS}{order['id']}/"
    response = api.patch(url, {"cliente": str(client_in_home.pk)}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "contract_order_school_mismatch"
    both = api.patch(url, {"cliente": str(client_in_home.pk), "contrato": None}, format="json")
    assert both.status_code == 200 and both.json()["contrato"] is None


def test_an_expired_contract_stays_on_an_order_already_linked(api, home, contract):
    order = api.post(ORDERS, _order_body(contract.school_id, contrato=str(contract.pk)), format="json").json()
    with schema_context(home.schema_name):
        type(contract).objects.filter(pk=contract.pk).update(status=ContractStatus.CANCELLED)
    response = api.patch(f"{ORDERS}{order['id']}/", {"contrato": str(contract.pk), "notas": "ok"}, format="json")
    assert response.status_code == 200 and response.json()["contrato"] == str(contract.pk)


def test_a_roster_order_keeps_its_contract(api, home, contract, contract_in):
    with schema_context(home.schema_name):
        link = ContractOrderFactory(contract=contract)
    url = f"{ORDERS}{link.order_id}/"
    for value in (None, str(contract_in(home, school=contract.school).pk)):
        response = api.patch(url, {"contrato": value}, format="json")
        assert response.status_code == 409
        assert response.json()["code"] == "contract_order_from_roster"


def test_a_closed_orders_contract_does_not_change(api, home, contract):
    order = api.post(ORDERS, _order_body(contract.school_id), format="json").json()
    url = f"{ORDERS}{order['id']}/"
    assert api.post(f"{url}transition/", {"estado": "CANCELADO"}, format="json").status_code == 200
    response = api.patch(url, {"contrato": str(contract.pk)}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "order_closed"


def test_the_list_filters_by_contract_in_a_fixed_number_of_queries(
    api, home, contract, contract_in, django_assert_max_num_queries
):
    other_contract = contract_in(home)
    with schema_context(home.schema_name):
        mine = [ContractOrderFactory(contract=contract, student=None).order_id for _ in range(2)]
        ContractOrderFactory(contract=other_contract, student=None)
        OrderFactory()
    response = api.get(ORDERS, {"contrato": str(contract.pk)})
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(str(pk) for pk in mine)
    assert all(row["contrato_numero"] == contract.number for row in response.json()["results"])
    assert api.get(ORDERS, {"contrato": "x"}).status_code == 400
    with django_assert_max_num_queries(12) as few:
        api.get(ORDERS)
    with schema_context(home.schema_name):
        for _ in range(5):
            ContractOrderFactory(contract=contract, student=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get(ORDERS)


def test_the_commission_counts_orders_linked_from_the_orders_side(api, home, administrator, contract):
    body = _order_body(contract.school_id, contrato=str(contract.pk))
    order = api.post(ORDERS, body, format="json").json()
    with schema_context(home.schema_name):
        stored = Order.objects.get(pk=order["id"])
        payment_register(order=stored, data={"amount": Decimal("20.00"), "method": "efectivo"})
        for step in (OrderStatus.IN_PROGRESS, OrderStatus.READY, OrderStatus.DELIVERED):
            order_transition(order=stored, status=step, acting_user=administrator)
        contract.refresh_from_db()
        assert commission_owed(contract) == Decimal("2.00")  # 10 % of 20.00


def test_admin_sets_shows_and_filters_by_the_contract(admin_client_for, home, administrator, contract):
    with schema_context(home.schema_name):
        service = ServiceType.objects.get(code="sesion_fotos")
    browser = admin_client_for(home, administrator)
    add_page = browser.get("/admin/orders/order/add/")
    assert contract.number in add_page.content.decode()  # offered in the form
    data = {
        "client": str(contract.school_id),
        "service_type": str(service.pk),
        "order_date": str(timezone.localdate()),
        "priority": "normal",
        "notes": "",
        "contrato": str(contract.pk),
        **_inline("lines", [{"description": "Paquete", "quantity": "1", "unit_price": "20", "discount_percent": "0"}]),
        **_inline("payments", []),
    }
    response = browser.post("/admin/orders/order/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    with schema_context(home.schema_name):
        order = Order.objects.get(client=contract.school)
        assert ContractOrder.objects.get(order=order).contract_id == contract.pk
    page = browser.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.context["adminform"].form.initial["contrato"] == str(contract.pk)
    listing = browser.get("/admin/orders/order/", {"contrato": str(contract.pk)})
    assert order.number in listing.content.decode() and contract.number in listing.content.decode()
    assert order.number not in browser.get("/admin/orders/order/", {"contrato": "ninguno"}).content.decode()

    # A refusal of the contracts module shows on the form, and nothing is saved.
    wrong = {**data, "client": str(_other_client(home).pk)}
    refused = browser.post("/admin/orders/order/add/", wrong)
    assert refused.status_code == 200
    assert "el cliente del pedido debe ser ese colegio" in refused.content.decode()
    with schema_context(home.schema_name):
        assert Order.objects.count() == 1


def _other_client(home):
    from modules.clients.tests.factories import ClientFactory

    with schema_context(home.schema_name):
        return ClientFactory()


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data
