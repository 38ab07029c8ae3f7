"""Races with real concurrent transactions (threads with their own connections, started together)."""

from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.users.tokens import tokens_for_user
from modules.products.models import Product, ProductStatus
from modules.products.tests.factories import ProductFactory

CODE = "PRD-RACE-0001"


def test_twenty_simultaneous_sales_of_one_product_record_exactly_one(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    concurrently.cleanup(tenant_a, lambda: Product.objects.filter(code=CODE).delete())
    product = concurrently.once(lambda: ProductFactory(code=CODE), tenant=tenant_a)

    def sell(index: int):
        api = APIClient(HTTP_HOST=host_of(tenant_a))
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api.post(f"/api/v1/products/sell/{product.pk}/", {"precio": f"{40 + index}.00"}, format="json")

    responses = concurrently.run(20, sell, tenant=tenant_a)
    statuses = sorted(getattr(response, "status_code", repr(response)) for response in responses)
    assert statuses == [200] + [409] * 19, statuses
    assert {response.json()["code"] for response in responses if response.status_code == 409} == {
        "product_already_sold"
    }
    (winner,) = [response.json() for response in responses if response.status_code == 200]
    stored = concurrently.once(lambda: Product.objects.get(code=CODE), tenant=tenant_a)
    assert (stored.status, str(stored.sold_price)) == (ProductStatus.SOLD, winner["precio_vendido"])
    events = concurrently.once(
        lambda: Product.pgh_event_model.objects.filter(pgh_obj_id=product.pk).count(), tenant=tenant_a
    )
    assert events == 2  # created, sold once
