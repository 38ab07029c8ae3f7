from decimal import Decimal

from django.test import RequestFactory
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role
from fotostudio.users.services import role_permission_codenames
from modules.clients.demo import seed_demo_clients
from modules.products.dashboard import products_section
from modules.products.demo import PRODUCTS, seed_demo_products
from modules.products.models import Product, ProductLocation, ProductStatus
from modules.products.selectors import product_stock_summary


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_products_are_a_photo_studio_module(tenant_a, tenant_agro):
    spec = get_module("products")
    assert spec.is_enabled_for(tenant_a)
    assert not spec.is_enabled_for(tenant_agro)


def test_roles_get_their_product_permissions():
    grants = role_permission_codenames()
    perms = {role: {code for app, code in codes if app == "products"} for role, codes in grants.items()}
    every = {"view_product", "add_product", "change_product", "delete_product", "export_product"}
    assert perms["Administrador"] == perms["Gerente"] == every
    assert perms["Ventas"] == {"view_product", "change_product", "export_product"}
    assert perms["Producción"] == {"view_product", "add_product", "change_product"}
    assert perms["Contabilidad"] == {"view_product", "export_product"}
    assert perms["Fotógrafo"] == perms["Solo lectura"] == {"view_product"}


def test_the_stock_summary_is_one_query(tenant_a, product_in, django_assert_num_queries):
    product_in(tenant_a, sale_price=Decimal("45.00"), cost=Decimal("18.50"))
    product_in(tenant_a, sale_price=Decimal("30.00"), cost=Decimal("10.00"))
    product_in(tenant_a, status=ProductStatus.RESERVED, sale_price=Decimal("99.00"))
    product_in(tenant_a, status=ProductStatus.IN_PRODUCTION, location=ProductLocation.WORKSHOP)
    with schema_context(tenant_a.schema_name):
        Product.objects.exists()  # sets the schema's search path
        with django_assert_num_queries(1):
            summary = product_stock_summary()
    assert summary["by_status"] == {"EN_PRODUCCION": 1, "DISPONIBLE": 2, "RESERVADO": 1, "VENDIDO": 0, "ENTREGADO": 0}
    assert (summary["available_value"], summary["available_cost"]) == (Decimal("75.00"), Decimal("28.50"))
    assert summary["available_showcase"] == 2
    assert (summary["sold_month"], summary["revenue_month"]) == (0, Decimal("0.00"))


def test_the_dashboard_section_shows_stock_value_and_sales(tenant_a, administrator, make_user, api_client, product_in):
    product_in(tenant_a, sale_price=Decimal("45.00"))
    sold = product_in(tenant_a, sale_price=Decimal("20.00"))
    api_client(tenant_a, administrator).post(f"/api/v1/products/sell/{sold.pk}/", {"precio": "18.00"}, format="json")
    with schema_context(tenant_a.schema_name):
        section = products_section(request_for(administrator))
        assert products_section(request_for(make_user(tenant_a, Role.READ_ONLY))) is not None
    cards = {card["key"]: card for card in section["cards"]}
    assert cards["products-available"]["value"] == 1
    assert cards["products-available"]["hint"] == "1 en vitrina"
    assert "45" in cards["products-stock-value"]["value"]
    assert cards["products-sold-month"]["value"] == 1 and "18" in cards["products-sold-month"]["hint"]
    assert section["charts"][0]["datasets"][0]["data"] == [0, 1, 0, 1, 0]


def test_the_dashboard_section_is_hidden_without_the_view_permission(tenant_a, make_user):
    user = make_user(tenant_a, None)
    with schema_context(tenant_a.schema_name):
        assert products_section(request_for(user)) is None


def test_the_demo_has_products_in_every_status_and_location_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        seed_demo_clients(tenant=tenant_a)
        assert seed_demo_products(tenant=tenant_a) == len(PRODUCTS)
        assert seed_demo_products(tenant=tenant_a) == 0
        products = list(Product.objects.all())
    assert {product.status for product in products} == set(ProductStatus.values)
    assert {product.location for product in products} == set(ProductLocation.values)
    sold = [product for product in products if product.status in ("VENDIDO", "ENTREGADO")]
    assert sold and all(product.sold_at and product.sold_price is not None and product.sold_to_id for product in sold)
