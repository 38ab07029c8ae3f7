"""A finished product on an order line: defaults, reservation, sale on delivery, release on cancel or removal."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.configuration.models import NumberSequence
from fotostudio.core.errors import ConflictError
from fotostudio.users.tokens import tokens_for_user
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory, valid_cedula
from modules.orders.models import Order, OrderLine, ServiceType
from modules.orders.tests.conftest import LIST, detail
from modules.products.models import Product, ProductLocation, ProductStatus
from modules.products.services import product_delete, product_sell
from modules.products.tests.factories import ProductFactory

AVAILABLE, RESERVED = ProductStatus.AVAILABLE, ProductStatus.RESERVED


@pytest.fixture
def product_in(db):
    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return ProductFactory(**fields)

    return make


@pytest.fixture
def frame(product_in, tenant_a):
    return product_in(tenant_a, description="Cuadro paisaje andino", sale_price=Decimal("45.00"))


def _status(tenant, product) -> str:
    with schema_context(tenant.schema_name):
        return Product.objects.get(pk=product.pk).status


def _body(client_id, lines, **extra):
    return {"cliente": str(client_id), "servicio": "enmarcado", "lineas": lines, **extra}


def _move(api, order_id, *steps, **extra):
    for step in steps:
        response = api.post(f"{detail(order_id)}transition/", {"estado": step, **extra}, format="json")
        assert response.status_code == 200, response.json()
    return response


def test_a_line_with_a_product_takes_its_description_and_price_and_reserves_it(api, client_in, tenant_a, frame):
    response = api.post(
        LIST, _body(client_in(tenant_a).pk, [{"producto": str(frame.pk), "tasa_iva": "0"}]), format="json"
    )
    assert response.status_code == 201, response.json()
    (line,) = response.json()["lineas"]
    assert line["producto"] == str(frame.pk)
    assert (line["descripcion"], line["cantidad"], line["precio_unitario"], line["total"]) == (
        f"Cuadro paisaje andino ({frame.code})",
        "1.00",
        "45.00",
        "45.00",
    )
    assert _status(tenant_a, frame) == RESERVED
    assert api.get(detail(response.json()["id"])).json()["lineas"][0]["producto"] == str(frame.pk)


def test_a_description_and_price_given_are_kept(api, client_in, tenant_a, frame):
    line = {"producto": str(frame.pk), "descripcion": "Cuadro con descuento", "precio_unitario": "40.00"}
    body = api.post(LIST, _body(client_in(tenant_a).pk, [line]), format="json").json()
    assert (body["lineas"][0]["descripcion"], body["lineas"][0]["precio_unitario"]) == ("Cuadro con descuento", "40.00")


def test_a_line_without_product_still_needs_description_and_price(api, client_in, tenant_a):
    response = api.post(LIST, _body(client_in(tenant_a).pk, [{"cantidad": "1"}]), format="json")
    assert response.status_code == 400 and response.json()["code"] == "order_line_invalid"


@pytest.mark.parametrize(
    "lines",
    [
        lambda pk: [{"producto": pk, "cantidad": "2"}],
        lambda pk: [{"producto": pk}, {"producto": pk}],
    ],
    ids=["quantity-not-one", "twice"],
)
def test_a_product_is_one_piece_once_per_order(api, client_in, tenant_a, frame, lines):
    response = api.post(LIST, _body(client_in(tenant_a).pk, lines(str(frame.pk))), format="json")
    assert response.status_code == 400 and response.json()["code"] == "order_line_invalid"
    assert _status(tenant_a, frame) == AVAILABLE


@pytest.mark.parametrize("status", [ProductStatus.IN_PRODUCTION, ProductStatus.SOLD])
def test_a_product_not_available_or_reserved_is_refused_and_nothing_is_written(
    api, client_in, tenant_a, product_in, status
):
    fields = {"status": status}
    if status == ProductStatus.SOLD:
        fields.update(sold_at=timezone.now(), sold_price=Decimal("45.00"))
    product = product_in(tenant_a, **fields)
    client = client_in(tenant_a)
    response = api.post(LIST, _body(client.pk, [{"producto": str(product.pk)}]), format="json")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["producto"]) == ("order_product_unavailable", str(product.pk))
    with schema_context(tenant_a.schema_name):
        assert not Order.objects.filter(client=client).exists()


def test_a_product_reserved_by_hand_may_join_an_order(api, client_in, tenant_a, product_in):
    product = product_in(tenant_a, status=RESERVED)
    response = api.post(LIST, _body(client_in(tenant_a).pk, [{"producto": str(product.pk)}]), format="json")
    assert response.status_code == 201
    assert _status(tenant_a, product) == RESERVED


def test_a_product_held_by_another_open_order_is_refused_until_that_order_is_cancelled(api, client_in, tenant_a, frame):
    first = api.post(LIST, _body(client_in(tenant_a).pk, [{"producto": str(frame.pk)}]), format="json").json()
    body = _body(client_in(tenant_a).pk, [{"producto": str(frame.pk)}])
    refused = api.post(LIST, body, format="json")
    assert refused.status_code == 409 and first["numero"] in refused.json()["detail"]
    _move(api, first["id"], "CANCELADO")
    assert _status(tenant_a, frame) == AVAILABLE
    assert api.post(LIST, body, format="json").status_code == 201
    assert _status(tenant_a, frame) == RESERVED


def test_replacing_the_lines_reserves_the_new_product_and_releases_the_removed_one(
    api, client_in, tenant_a, frame, product_in
):
    other = product_in(tenant_a)
    order = api.post(LIST, _body(client_in(tenant_a).pk, [{"producto": str(frame.pk)}]), format="json").json()
    # the same product kept: still reserved, nothing moves
    same = [{"producto": str(frame.pk)}, {"descripcion": "Impresión", "precio_unitario": "5.00"}]
    assert api.patch(detail(order["id"]), {"lineas": same}, format="json").status_code == 200
    assert _status(tenant_a, frame) == RESERVED
    response = api.patch(detail(order["id"]), {"lineas": [{"producto": str(other.pk)}]}, format="json")
    assert response.status_code == 200
    assert (_status(tenant_a, frame), _status(tenant_a, other)) == (AVAILABLE, RESERVED)
    api.patch(
        detail(order["id"]), {"lineas": [{"descripcion": "Solo impresión", "precio_unitario": "5.00"}]}, format="json"
    )
    assert _status(tenant_a, other) == AVAILABLE


def test_delivering_the_order_sells_and_hands_over_its_products(api, client_in, tenant_a, frame, admin_a):
    client = client_in(tenant_a)
    line = {"producto": str(frame.pk), "descuento_porcentaje": "10", "tasa_iva": "15"}
    order = api.post(
        LIST, _body(client.pk, [line], pagos=[{"monto": "46.58", "forma_pago": "efectivo"}]), format="json"
    )
    order = order.json()
    assert order["saldo"] == "0.00"  # 45.00 - 10 % = 40.50 + IVA 6.08 = 46.58
    _move(api, order["id"], "EN_PROCESO", "LISTO", "ENTREGADO")
    with schema_context(tenant_a.schema_name):
        sold = Product.objects.get(pk=frame.pk)
    assert (sold.status, sold.location, sold.sold_to_id, sold.sold_price, sold.sold_by_id) == (
        ProductStatus.DELIVERED,
        ProductLocation.DELIVERED,
        client.pk,
        Decimal("40.50"),  # the line's amount before IVA
        admin_a.pk,
    )
    assert sold.sold_at is not None


def test_a_product_that_cannot_be_sold_keeps_the_order_from_being_delivered(api, client_in, tenant_a, frame):
    order = api.post(LIST, _body(client_in(tenant_a).pk, [{"producto": str(frame.pk), "tasa_iva": "0"}]), format="json")
    order_id = order.json()["id"]
    api.post(f"{detail(order_id)}payments/", {"monto": "45.00", "forma_pago": "tarjeta"}, format="json")
    _move(api, order_id, "EN_PROCESO", "LISTO")
    with schema_context(tenant_a.schema_name):
        product_sell(product=Product.objects.get(pk=frame.pk))  # sold at the counter meanwhile
    response = api.post(f"{detail(order_id)}transition/", {"estado": "ENTREGADO"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "product_already_sold"
    assert api.get(detail(order_id)).json()["estado"] == "LISTO"  # one transaction: nothing moved


def test_deleting_the_order_releases_its_product_and_a_product_on_a_line_is_not_deleted(
    api, client_in, tenant_a, frame
):
    order = api.post(LIST, _body(client_in(tenant_a).pk, [{"producto": str(frame.pk)}]), format="json").json()
    with schema_context(tenant_a.schema_name), pytest.raises(ConflictError) as refused:
        product_delete(product=Product.objects.get(pk=frame.pk))
    assert refused.value.code == "product_in_use"
    assert api.delete(detail(order["id"])).status_code == 204
    assert _status(tenant_a, frame) == AVAILABLE


def test_another_business_product_is_a_400(api, client_in, tenant_a, tenant_b, product_in):
    foreign = product_in(tenant_b)
    response = api.post(LIST, _body(client_in(tenant_a).pk, [{"producto": str(foreign.pk)}]), format="json")
    assert response.status_code == 400
    assert _status(tenant_b, foreign) == AVAILABLE


def test_products_on_lines_add_no_queries_to_the_list(
    api, order_in, tenant_a, product_in, django_assert_max_num_queries
):
    order_in(tenant_a, lines=2)
    with django_assert_max_num_queries(12) as few:
        api.get(LIST)
    with schema_context(tenant_a.schema_name):
        order = Order.objects.first()
        for _ in range(3):
            OrderLine.objects.create(
                order=order, product=ProductFactory(status=RESERVED), description="Cuadro", unit_price=Decimal("9")
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = api.get(LIST).json()["results"]
    assert sum(1 for line in rows[0]["lineas"] if line["producto"]) == 3


def test_the_admin_inline_puts_a_product_on_a_line(admin_client_for, tenant_a, admin_a, client_in, frame):
    client = client_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        service = ServiceType.objects.get(code="enmarcado")
    browser = admin_client_for(tenant_a, admin_a)
    assert frame.code in browser.get("/admin/orders/order/add/").content.decode()  # offered in the inline
    data = {
        "client": str(client.pk),
        "service_type": str(service.pk),
        "order_date": str(timezone.localdate()),
        "priority": "normal",
        "notes": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-product": str(frame.pk),
        "lines-0-quantity": "1",
        "lines-0-discount_percent": "0",
        "payments-TOTAL_FORMS": "0",
        "payments-INITIAL_FORMS": "0",
        "payments-MIN_NUM_FORMS": "0",
        "payments-MAX_NUM_FORMS": "1000",
    }
    response = browser.post("/admin/orders/order/add/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    with schema_context(tenant_a.schema_name):
        line = OrderLine.objects.get(order__client=client)
    assert (line.product_id, line.unit_price, line.description.startswith(frame.description)) == (
        frame.pk,
        Decimal("45.00"),
        True,
    )
    assert _status(tenant_a, frame) == RESERVED
    # the same piece on a second order: refused on the form, nothing saved
    again = browser.post("/admin/orders/order/add/", data)
    assert again.status_code == 200 and "no está disponible" in again.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Order.objects.filter(client=client).count() == 1


def _api(tenant, token) -> APIClient:
    api = APIClient(HTTP_HOST=host_of(tenant))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_two_orders_taking_the_same_product_at_once_one_wins(concurrently, tenant_a):
    """Existing orders whose lines change at once (no numbering lock to queue them): the product row lock does."""
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]

    def prepare():
        from modules.orders.services import order_create

        client = ClientFactory(document=valid_cedula(778_101))
        service = ServiceType.objects.get(code="enmarcado")
        line = {"description": "Impresión", "unit_price": Decimal("5.00")}
        orders = [order_create(data={"client": client, "service_type": service}, lines=[line]) for _ in range(4)]
        return client, ProductFactory(code="PRD-RACE-1"), orders

    client, product, orders = concurrently.once(prepare, tenant=tenant_a)
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="pedido").delete())
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(pk=client.pk).delete())
    concurrently.cleanup(tenant_a, lambda: Product.objects.filter(pk=product.pk).delete())
    concurrently.cleanup(tenant_a, lambda: Order.objects.filter(client=client).delete())

    def take(index: int):
        body = {"lineas": [{"producto": str(product.pk)}]}
        return _api(tenant_a, token).patch(detail(orders[index].pk), body, format="json")

    responses = concurrently.run(4, take, tenant=tenant_a)
    statuses = sorted(getattr(response, "status_code", repr(response)) for response in responses)
    assert statuses == [200, 409, 409, 409], statuses
    holders = concurrently.once(lambda: OrderLine.objects.filter(product_id=product.pk).count(), tenant=tenant_a)
    assert holders == 1
