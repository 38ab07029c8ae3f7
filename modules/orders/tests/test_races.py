"""Races with real concurrent transactions (threads with their own connections, started together)."""

from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.configuration.models import NumberSequence
from fotostudio.users.tokens import tokens_for_user
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory, valid_cedula
from modules.orders.models import Order, Payment

DOCUMENT = valid_cedula(778_001)


def _api(tenant, token) -> APIClient:
    api = APIClient(HTTP_HOST=host_of(tenant))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_twenty_orders_created_at_once_get_twenty_distinct_consecutive_numbers(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    client = concurrently.once(lambda: ClientFactory(document=DOCUMENT), tenant=tenant_a)
    # The counter goes back to where the session had it: other tests count their numbers from 1.
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="pedido").delete())
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(pk=client.pk).delete())
    concurrently.cleanup(tenant_a, lambda: Order.objects.filter(client=client).delete())

    def create(index: int):
        body = {
            "cliente": str(client.pk),
            "servicio": "impresion",
            "lineas": [{"descripcion": f"Copia {index}", "cantidad": "1", "precio_unitario": "1.00"}],
        }
        return _api(tenant_a, token).post("/api/v1/orders/", body, format="json")

    responses = concurrently.run(20, create, tenant=tenant_a)
    statuses = [getattr(response, "status_code", repr(response)) for response in responses]
    assert statuses == [201] * 20, statuses
    numbers = sorted(response.json()["numero"] for response in responses)
    serials = [int(number[-5:]) for number in numbers]
    assert len(set(numbers)) == 20
    assert serials == list(range(serials[0], serials[0] + 20))


def test_two_simultaneous_payments_of_the_whole_balance_record_only_one(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]

    def prepare():
        from modules.orders.models import ServiceType
        from modules.orders.services import order_create

        client = ClientFactory(document=valid_cedula(778_002))
        return order_create(
            data={"client": client, "service_type": ServiceType.objects.get(code="impresion")},
            lines=[{"description": "Copia", "unit_price": "10.00", "tax_rate": "0"}],
        )

    order = concurrently.once(prepare, tenant=tenant_a)
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="pedido").delete())
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(pk=order.client_id).delete())
    concurrently.cleanup(tenant_a, lambda: Order.objects.filter(pk=order.pk).delete())
    path = f"/api/v1/orders/{order.pk}/payments/"
    responses = concurrently.run(
        2,
        lambda index: _api(tenant_a, token).post(path, {"monto": "10.00", "forma_pago": "efectivo"}, format="json"),
        tenant=tenant_a,
    )
    assert sorted(response.status_code for response in responses) == [201, 400]
    assert concurrently.once(lambda: Payment.objects.filter(order_id=order.pk).count(), tenant=tenant_a) == 1
