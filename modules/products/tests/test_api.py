"""Finished products through the API: every endpoint, its rules and its refusals."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role, roles_for
from fotostudio.users.tokens import tokens_for_user
from modules.products.models import Product, ProductLocation, ProductStatus
from tenants.choices import BusinessType

LIST = "/api/v1/products/"
NEW = {
    "descripcion": "  Cuadro 40×50   roble  ",
    "tipo": "cuadro",
    "ancho_cm": "40",
    "alto_cm": "50",
    "costo": "18.50",
    "precio_venta": "45.00",
    "ubicacion": "vitrina",
}


def detail(obj) -> str:
    return f"{LIST}{obj.pk}/"


def sell(obj) -> str:
    return f"{LIST}sell/{obj.pk}/"


def test_create_numbers_the_product_and_normalises_it(api_client, tenant_a, administrator):
    api = api_client(tenant_a, administrator)
    response = api.post(LIST, NEW, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    year = timezone.localdate().year
    assert body["codigo"] == f"PRD-{year}-00001"
    assert (body["descripcion"], body["estado"], body["ubicacion"], body["dimensiones"]) == (
        "Cuadro 40×50 roble",
        "DISPONIBLE",
        "vitrina",
        "40 × 50 cm",
    )
    assert (body["costo"], body["precio_venta"], body["vendido_en"], body["precio_vendido"]) == (
        "18.50",
        "45.00",
        None,
        None,
    )
    assert body["creado_por"]["username"] == administrator.username
    assert api.post(LIST, NEW, format="json").json()["codigo"] == f"PRD-{year}-00002"


def test_a_given_code_is_kept_and_a_repeated_one_is_a_409_naming_the_product(
    api_client, tenant_a, administrator, product_in
):
    existing = product_in(tenant_a, code="CU-001")
    api = api_client(tenant_a, administrator)
    response = api.post(LIST, {**NEW, "codigo": " cu-001 "}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "product_duplicate_code"
    assert response.json()["producto_existente"] == str(existing.pk)
    assert "codigo" in response.json()["errors"]
    assert api.post(LIST, {**NEW, "codigo": "cu-002"}, format="json").json()["codigo"] == "CU-002"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"descripcion": "   "}, "descripcion"),
        ({"costo": "-1"}, "costo"),
        ({"precio_venta": "abc"}, "precio_venta"),
        ({"ancho_cm": "40", "alto_cm": None}, "alto_cm"),
        ({"ancho_cm": "0", "alto_cm": "10"}, "ancho_cm"),
        ({"estado": "PERDIDO"}, "estado"),
        ({"estado": "VENDIDO"}, "estado"),
        ({"ubicacion": "garaje"}, "ubicacion"),
        ({"ubicacion": "entregado"}, "ubicacion"),
        ({"tipo": "mueble"}, "tipo"),
    ],
)
def test_bad_input_is_a_400_by_field(changes, field, api_client, tenant_a, administrator):
    response = api_client(tenant_a, administrator).post(LIST, {**NEW, **changes}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    with schema_context(tenant_a.schema_name):
        assert not Product.objects.exists()


def test_the_sale_fields_cannot_be_written_by_create_or_update(api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a)
    api = api_client(tenant_a, administrator)
    response = api.patch(
        detail(product), {"precio_vendido": "1.00", "vendido_en": "2026-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["precio_vendido"], response.json()["vendido_en"]) == (None, None)


def test_read_update_and_delete(api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a, description="Lienzo")
    api = api_client(tenant_a, administrator)
    assert api.get(detail(product)).json()["descripcion"] == "Lienzo"
    body = api.get(detail(product)).json()
    body.update({"descripcion": "Lienzo 50×70", "ubicacion": "bodega"})
    changed = api.put(detail(product), body, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["descripcion"], changed.json()["ubicacion"]) == ("Lienzo 50×70", "bodega")
    assert api.put(detail(product), {**body, "codigo": ""}, format="json").status_code == 400
    assert api.delete(detail(product)).status_code == 204
    assert api.get(detail(product)).status_code == 404


@pytest.mark.parametrize(
    "start, target, allowed",
    [
        (ProductStatus.IN_PRODUCTION, ProductStatus.AVAILABLE, True),
        (ProductStatus.IN_PRODUCTION, ProductStatus.RESERVED, True),
        (ProductStatus.AVAILABLE, ProductStatus.RESERVED, True),
        (ProductStatus.AVAILABLE, ProductStatus.IN_PRODUCTION, True),
        (ProductStatus.RESERVED, ProductStatus.AVAILABLE, True),
        (ProductStatus.IN_PRODUCTION, ProductStatus.DELIVERED, False),
        (ProductStatus.AVAILABLE, ProductStatus.DELIVERED, False),
        (ProductStatus.AVAILABLE, ProductStatus.SOLD, False),
        (ProductStatus.RESERVED, ProductStatus.IN_PRODUCTION, False),
    ],
)
def test_the_status_moves_only_along_the_allowed_transitions(
    start, target, allowed, api_client, tenant_a, administrator, product_in
):
    product = product_in(tenant_a, status=start)
    response = api_client(tenant_a, administrator).patch(detail(product), {"estado": target}, format="json")
    assert response.status_code == (200 if allowed else 409), response.json()
    if not allowed:
        assert response.json()["code"] == "product_transition_invalid"
    with schema_context(tenant_a.schema_name):
        product.refresh_from_db()
    assert product.status == (target if allowed else start)


def test_a_sold_product_is_delivered_to_the_location_entregado_and_stays_there(
    api_client, tenant_a, administrator, product_in
):
    product = product_in(tenant_a)
    api = api_client(tenant_a, administrator)
    assert api.post(sell(product), {}, format="json").status_code == 200
    delivered = api.patch(detail(product), {"estado": "ENTREGADO"}, format="json")
    assert delivered.status_code == 200
    assert (delivered.json()["estado"], delivered.json()["ubicacion"]) == ("ENTREGADO", "entregado")
    back = api.patch(detail(product), {"estado": "VENDIDO"}, format="json")
    assert (back.status_code, back.json()["code"]) == (409, "product_transition_invalid")
    moved = api.patch(detail(product), {"ubicacion": "vitrina"}, format="json")
    assert moved.status_code == 400 and "ubicacion" in moved.json()["errors"]


def test_selling_records_the_sale_with_its_price_client_and_seller(
    api_client, tenant_a, administrator, product_in, customer_in
):
    product = product_in(tenant_a, sale_price=Decimal("45.00"))
    buyer = customer_in(tenant_a)
    response = api_client(tenant_a, administrator).post(
        sell(product), {"cliente": str(buyer.pk), "precio": "40.00"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["estado"], body["precio_vendido"], body["vendido_a"], body["vendido_por"]["username"]) == (
        "VENDIDO",
        "40.00",
        str(buyer.pk),
        administrator.username,
    )
    assert body["vendido_en"] is not None
    assert body["precio_venta"] == "45.00"  # the list price stays; the sale has its own


def test_a_sale_without_price_or_client_takes_the_sale_price(api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a, sale_price=Decimal("32.00"), status=ProductStatus.RESERVED)
    body = api_client(tenant_a, administrator).post(sell(product), {}, format="json").json()
    assert (body["estado"], body["precio_vendido"], body["vendido_a"]) == ("VENDIDO", "32.00", None)


def test_selling_twice_is_a_409_and_keeps_the_first_sale(api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a)
    api = api_client(tenant_a, administrator)
    first = api.post(sell(product), {"precio": "40.00"}, format="json").json()
    again = api.post(sell(product), {"precio": "1.00"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "product_already_sold")
    assert api.get(detail(product)).json()["precio_vendido"] == first["precio_vendido"] == "40.00"


@pytest.mark.parametrize("status", [ProductStatus.IN_PRODUCTION])
def test_a_product_in_production_cannot_be_sold(status, api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a, status=status, location=ProductLocation.WORKSHOP)
    response = api_client(tenant_a, administrator).post(sell(product), {}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "product_not_sellable")


def test_a_sale_with_a_bad_price_or_a_client_of_another_business_is_a_400(
    api_client, tenant_a, tenant_b, administrator, product_in, customer_in
):
    product = product_in(tenant_a)
    stranger = customer_in(tenant_b)
    api = api_client(tenant_a, administrator)
    assert "precio" in api.post(sell(product), {"precio": "-5"}, format="json").json()["errors"]
    assert "cliente" in api.post(sell(product), {"cliente": str(stranger.pk)}, format="json").json()["errors"]
    assert api.get(detail(product)).json()["estado"] == "DISPONIBLE"


def test_selling_a_missing_or_another_business_product_is_a_404(
    api_client, tenant_a, tenant_b, administrator, product_in
):
    theirs = product_in(tenant_b)
    api = api_client(tenant_a, administrator)
    assert api.post(sell(theirs), {}, format="json").status_code == 404
    assert api.post(f"{LIST}sell/not-an-id/", {}, format="json").status_code == 404
    with schema_context(tenant_b.schema_name):
        theirs.refresh_from_db()
    assert theirs.status == ProductStatus.AVAILABLE


def test_a_sold_product_cannot_be_deleted(api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a)
    api = api_client(tenant_a, administrator)
    api.post(sell(product), {}, format="json")
    response = api.delete(detail(product))
    assert (response.status_code, response.json()["code"]) == (409, "product_sold")


def test_a_product_with_a_photo_cannot_be_deleted(api_client, tenant_a, administrator, product_in):
    product = product_in(tenant_a)
    api = api_client(tenant_a, administrator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fotostudio.documents.tests.samples import png

    photo = api.post(
        "/api/v1/documentos/fotos/",
        {
            "foto": SimpleUploadedFile("cuadro.png", png(), content_type="image/png"),
            "tipo_foto": "PRODUCTO",
            "producto": str(product.pk),
        },
        format="multipart",
    )
    assert photo.status_code == 201, photo.json()
    assert photo.json()["producto"] == str(product.pk)
    response = api.delete(detail(product))
    assert (response.status_code, response.json()["code"]) == (409, "product_in_use")


def test_lists_by_status_and_by_location(api_client, tenant_a, administrator, product_in):
    showcase = product_in(tenant_a, status=ProductStatus.AVAILABLE, location=ProductLocation.SHOWCASE)
    workshop = product_in(tenant_a, status=ProductStatus.IN_PRODUCTION, location=ProductLocation.WORKSHOP)
    api = api_client(tenant_a, administrator)
    ids = lambda response: [row["id"] for row in response.json()["results"]]  # noqa: E731
    assert ids(api.get(f"{LIST}status/DISPONIBLE/")) == [str(showcase.pk)]
    assert ids(api.get(f"{LIST}status/EN_PRODUCCION/")) == [str(workshop.pk)]
    assert ids(api.get(f"{LIST}status/VENDIDO/")) == []
    assert ids(api.get(f"{LIST}location/taller/")) == [str(workshop.pk)]
    assert ids(api.get(f"{LIST}location/vitrina/", {"search": showcase.code})) == [str(showcase.pk)]
    assert ids(api.get(LIST, {"estado": "EN_PRODUCCION"})) == [str(workshop.pk)]


def test_an_unknown_status_or_location_is_a_400_listing_the_valid_ones(api_client, tenant_a, administrator):
    api = api_client(tenant_a, administrator)
    status = api.get(f"{LIST}status/PERDIDO/")
    assert status.status_code == 400
    assert status.json()["code"] == "product_status_invalid"
    assert status.json()["valores_validos"] == ["EN_PRODUCCION", "DISPONIBLE", "RESERVADO", "VENDIDO", "ENTREGADO"]
    assert "DISPONIBLE" in status.json()["detail"]
    location = api.get(f"{LIST}location/garaje/")
    assert (location.status_code, location.json()["code"]) == (400, "product_location_invalid")
    assert location.json()["valores_validos"] == ["taller", "vitrina", "bodega", "entregado"]


def test_the_origin_keys_are_not_available_until_their_modules_exist(api_client, tenant_a, administrator):
    api = api_client(tenant_a, administrator)
    for key in ("produccion", "pedido"):
        response = api.post(LIST, {**NEW, key: "1f0e6f4e-6f0b-4f5e-9b3a-3c1d2e4f5a6b"}, format="json")
        assert response.status_code == 400
        assert key in response.json()["errors"]
    assert api.post(LIST, {**NEW, "produccion": None}, format="json").status_code == 201


def test_the_origin_is_one_linked_record_the_customer_order_it_was_made_for(api_client, tenant_a, administrator):
    from modules.orders.tests.factories import OrderFactory

    with schema_context(tenant_a.schema_name):
        order = OrderFactory()
    api = api_client(tenant_a, administrator)
    created = api.post(LIST, {**NEW, "pedido": str(order.pk)}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["pedido"] == str(order.pk)
    kept = api.patch(f"{LIST}{created.json()['id']}/", {"notas": "x"}, format="json")
    assert kept.json()["pedido"] == str(order.pk)
    assert api.delete(f"/api/v1/orders/{order.pk}/").status_code == 409  # what it comes from is protected
    missing = api.post(LIST, {**NEW, "pedido": "1f0e6f4e-6f0b-4f5e-9b3a-3c1d2e4f5a6b"}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (400, "link_not_found")
    both = api.post(LIST, {**NEW, "pedido": str(order.pk), "produccion": str(order.pk)}, format="json")
    assert both.status_code == 400 and "produccion" in both.json()["errors"]
    cleared = api.patch(f"{LIST}{created.json()['id']}/", {"pedido": None}, format="json")
    assert cleared.json()["pedido"] is None


def test_every_change_is_in_the_audit_trail_with_who_made_it(api_client, tenant_a, administrator):
    api = api_client(tenant_a, administrator)
    product = api.post(LIST, NEW, format="json").json()
    api.post(f"{LIST}sell/{product['id']}/", {}, format="json")
    trail = api.get("/api/v1/audit/model/products.product/", {"registro_id": product["id"]}).json()["results"]
    assert [(event["accion"], event["registro_id"], event["usuario"]["username"]) for event in trail] == [
        (action, product["id"], administrator.username) for action in ("actualizar", "crear")
    ]


def test_without_a_token_it_is_401(api_client, tenant_a, product_in):
    product = product_in(tenant_a)
    api = api_client(tenant_a)
    for response in (
        api.get(LIST),
        api.get(detail(product)),
        api.get(f"{LIST}status/DISPONIBLE/"),
        api.get(f"{LIST}location/vitrina/"),
        api.post(sell(product), {}, format="json"),
    ):
        assert response.status_code == 401


def test_another_business_products_are_never_seen(api_client, tenant_a, tenant_b, administrator, product_in, make_user):
    theirs = product_in(tenant_b)
    api = api_client(tenant_a, administrator)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(f"{LIST}status/DISPONIBLE/").json()["count"] == 0
    assert api.get(detail(theirs)).status_code == 404
    assert api.put(detail(theirs), {**NEW}, format="json").status_code == 404
    assert api.delete(detail(theirs)).status_code == 404
    stranger = make_user(tenant_b, Role.ADMINISTRATOR)
    with schema_context(tenant_b.schema_name):
        their_token = tokens_for_user(stranger)["access"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {their_token}")
    assert api.get(LIST).status_code == 401


def _allowed(role: Role, action: str) -> bool:
    actions = get_module("products").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_access_follows_the_roles(role, api_client, tenant_a, make_user, product_in):
    product = product_in(tenant_a)
    other = product_in(tenant_a)
    api = api_client(tenant_a, make_user(tenant_a, role))
    assert api.get(LIST).status_code == (200 if _allowed(role, "view") else 403)
    assert api.get(f"{LIST}status/DISPONIBLE/").status_code == (200 if _allowed(role, "view") else 403)
    assert api.post(LIST, NEW, format="json").status_code == (201 if _allowed(role, "add") else 403)
    assert api.patch(detail(product), {"notas": "x"}, format="json").status_code == (
        200 if _allowed(role, "change") else 403
    )
    assert api.post(sell(product), {}, format="json").status_code == (200 if _allowed(role, "change") else 403)
    assert api.delete(detail(other)).status_code == (204 if _allowed(role, "delete") else 403)


def test_sales_staff_sell_but_do_not_delete_and_production_adds():
    roles = get_module("products").roles
    assert roles[Role.SALES] == ("view", "change", "export")
    assert roles[Role.PRODUCTION] == ("view", "add", "change")


@pytest.mark.parametrize("path", [LIST, f"{LIST}status/DISPONIBLE/", f"{LIST}location/vitrina/"])
def test_every_list_runs_a_fixed_number_of_queries(
    path, api_client, tenant_a, administrator, product_in, customer_in, django_assert_max_num_queries
):
    api = api_client(tenant_a, administrator)
    api.get(LIST)  # warms the tenant resolution cache
    buyer = customer_in(tenant_a)
    for number in range(30):
        product = product_in(tenant_a)
        if number % 3 == 0:
            api.post(sell(product), {"cliente": str(buyer.pk)}, format="json")
    with django_assert_max_num_queries(7):  # schema, user, permissions (2), link kinds, count, page
        assert len(api.get(path, {"page_size": 30}).json()["results"]) in (20, 30)


def test_a_client_who_bought_a_product_cannot_be_deleted(api_client, tenant_a, administrator, product_in, customer_in):
    product = product_in(tenant_a)
    buyer = customer_in(tenant_a)
    api = api_client(tenant_a, administrator)
    api.post(sell(product), {"cliente": str(buyer.pk)}, format="json")
    response = api.delete(f"/api/v1/clients/{buyer.pk}/")
    assert (response.status_code, response.json()["code"]) == (409, "client_in_use")
    assert api.get(f"/api/v1/clients/{buyer.pk}/").status_code == 200
