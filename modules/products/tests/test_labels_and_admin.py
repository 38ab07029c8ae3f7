"""The admin: list badges and filters, the sale (action and product page) and the QR labels."""

import re
from decimal import Decimal

import pytest
import segno
from django_tenants.utils import schema_context

from conftest import host_of
from fotostudio.users.roles import Role
from modules.products.labels import QR_ERROR, label_pdf, label_qr, labels_pdf
from modules.products.models import Product, ProductLocation, ProductStatus

CHANGELIST = "/admin/products/product/"


def change_url(product) -> str:
    return f"{CHANGELIST}{product.pk}/change/"


def pdf_pages(content: bytes) -> int:
    """A structurally valid PDF (header, trailer, cross-reference table) and its page count."""
    assert content.startswith(b"%PDF-1.")
    assert content.rstrip().endswith(b"%%EOF")
    assert b"startxref" in content and b"xref" in content
    return len(re.findall(rb"/Type /Page\b", content))


def test_the_qr_code_holds_the_products_admin_address():
    url = "http://alpha.localhost/admin/products/product/5d2c/change/"
    qr = label_qr(url)
    assert qr.matrix == segno.make(url, error=QR_ERROR, micro=False).matrix
    assert qr.error == "M" and not qr.is_micro
    assert qr.matrix != segno.make(url + "x", error=QR_ERROR, micro=False).matrix


def test_a_label_sheet_has_24_labels_a_page(tenant_a, product_in):
    products = [product_in(tenant_a) for _ in range(25)]
    urls = []
    content = labels_pdf(products, lambda product: urls.append(f"/p/{product.pk}") or urls[-1])
    assert pdf_pages(content) == 2
    assert urls == [f"/p/{product.pk}" for product in products]
    assert pdf_pages(label_pdf(products[0], "/p/1")) == 1


def test_the_list_shows_status_and_location_badges_and_filters(admin_client_for, tenant_a, administrator, product_in):
    product_in(tenant_a, code="CU-VITRINA", location=ProductLocation.SHOWCASE)
    product_in(tenant_a, code="CU-TALLER", status=ProductStatus.IN_PRODUCTION, location=ProductLocation.WORKSHOP)
    browser = admin_client_for(tenant_a, administrator)
    page = browser.get(CHANGELIST).content.decode()
    assert "CU-VITRINA" in page and "CU-TALLER" in page
    assert "En producción" in page and "Vitrina" in page and "40 × 50 cm" in page
    filtered = browser.get(CHANGELIST, {"status__exact": "EN_PRODUCCION"}).content.decode()
    assert "CU-TALLER" in filtered and "CU-VITRINA" not in filtered
    searched = browser.get(CHANGELIST, {"q": "vitrina"}).content.decode()
    assert "CU-VITRINA" in searched and "CU-TALLER" not in searched


def test_the_list_runs_a_fixed_number_of_queries(
    admin_client_for, tenant_a, administrator, product_in, django_assert_max_num_queries
):
    browser = admin_client_for(tenant_a, administrator)
    browser.get(CHANGELIST)
    for _ in range(30):
        product_in(tenant_a)
    with django_assert_max_num_queries(16):
        assert browser.get(CHANGELIST).status_code == 200


def test_the_admin_adds_a_product_with_the_next_number(admin_client_for, tenant_a, administrator):
    browser = admin_client_for(tenant_a, administrator)
    added = browser.post(
        f"{CHANGELIST}add/",
        {
            "code": "",
            "description": "Cuadro desde el panel",
            "kind": "cuadro",
            "width_cm": "30",
            "height_cm": "40",
            "status": "DISPONIBLE",
            "location": "vitrina",
            "cost": "10",
            "sale_price": "25",
            "notes": "",
        },
    )
    assert added.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Product.objects.get(description="Cuadro desde el panel").code.startswith("PRD-")


def test_the_sell_action_asks_client_and_price_then_sells(
    admin_client_for, tenant_a, administrator, product_in, customer_in
):
    first, second = product_in(tenant_a, code="CU-A"), product_in(tenant_a, code="CU-B")
    buyer = customer_in(tenant_a, name="Ana Compradora")
    browser = admin_client_for(tenant_a, administrator)
    selection = {"action": "sell_products", "_selected_action": [first.pk, second.pk]}
    asked = browser.post(CHANGELIST, selection)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "CU-A" in page and "CU-B" in page and 'name="price"' in page
    assert 'name="client"' in page and "admin-autocomplete" in page
    found = browser.get(
        "/admin/autocomplete/",
        {"app_label": "products", "model_name": "product", "field_name": "sold_to", "term": "compradora"},
    ).json()["results"]
    assert [(row["id"], row["text"]) for row in found] == [(str(buyer.pk), str(buyer))]
    done = browser.post(CHANGELIST, {**selection, "apply": "1", "client": buyer.pk, "price": ""})
    assert done.status_code == 302
    with schema_context(tenant_a.schema_name):
        sold = list(Product.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", "sold_price", "sold_to"))
    assert sold == [(ProductStatus.SOLD, Decimal("45.00"), buyer.pk)] * 2


def test_the_sell_action_on_a_sold_product_sells_nothing_and_says_why(
    admin_client_for, tenant_a, administrator, product_in
):
    available = product_in(tenant_a, code="CU-LIBRE")
    taken = product_in(tenant_a, code="CU-TOMADO")
    browser = admin_client_for(tenant_a, administrator)
    browser.post(f"{CHANGELIST}{taken.pk}/sell/", {"client": "", "price": "10"})
    selection = {"action": "sell_products", "_selected_action": [available.pk, taken.pk], "apply": "1", "price": ""}
    response = browser.post(CHANGELIST, selection, follow=True)
    assert "ya se vendió" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        available.refresh_from_db()
    assert available.status == ProductStatus.AVAILABLE  # all or nothing


def test_the_product_page_sells_it_and_prints_its_label(admin_client_for, tenant_a, administrator, product_in):
    product = product_in(tenant_a, code="CU-PAGINA")
    browser = admin_client_for(tenant_a, administrator)
    page = browser.get(change_url(product)).content.decode()
    assert f"{product.pk}/sell/" in page and f"{product.pk}/label/" in page
    assert "Documentos y fotos" in page
    form = browser.get(f"{CHANGELIST}{product.pk}/sell/")
    assert form.status_code == 200 and "CU-PAGINA" in form.content.decode()
    assert browser.post(f"{CHANGELIST}{product.pk}/sell/", {"client": "", "price": "39.90"}).status_code == 302
    with schema_context(tenant_a.schema_name):
        product.refresh_from_db()
    assert (product.status, product.sold_price, product.sold_by_id) == (
        ProductStatus.SOLD,
        Decimal("39.90"),
        administrator.pk,
    )
    label = browser.get(f"{CHANGELIST}{product.pk}/label/")
    assert label["Content-Type"] == "application/pdf"
    assert label["Content-Disposition"] == 'inline; filename="etiqueta-CU-PAGINA.pdf"'
    assert pdf_pages(label.content) == 1


def test_the_labels_action_prints_a_sheet_whose_codes_open_each_product(
    admin_client_for, tenant_a, administrator, product_in, monkeypatch
):
    products = [product_in(tenant_a) for _ in range(3)]
    encoded = []
    monkeypatch.setattr(
        "modules.products.labels.label_qr", lambda url: encoded.append(url) or segno.make(url, error=QR_ERROR)
    )
    browser = admin_client_for(tenant_a, administrator)
    response = browser.post(CHANGELIST, {"action": "print_labels", "_selected_action": [p.pk for p in products]})
    assert response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == 1
    host = host_of(tenant_a)
    assert sorted(encoded) == sorted(f"http://{host}{change_url(product)}" for product in products)
    # the address opens the product's page for signed-in staff, and the sign-in page for anyone else
    assert browser.get(encoded[0].removeprefix(f"http://{host}")).status_code == 200
    browser.logout()
    assert browser.get(encoded[0].removeprefix(f"http://{host}")).status_code == 302


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.PHOTOGRAPHER])
def test_roles_without_change_cannot_sell_from_the_admin(role, admin_client_for, tenant_a, make_user, product_in):
    product = product_in(tenant_a)
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    assert browser.get(f"{CHANGELIST}{product.pk}/sell/").status_code == 403
    assert browser.get(f"{CHANGELIST}{product.pk}/label/").status_code == 200
    with schema_context(tenant_a.schema_name):
        product.refresh_from_db()
    assert product.status == ProductStatus.AVAILABLE


def test_another_business_product_pages_are_404(admin_client_for, tenant_a, tenant_b, administrator, product_in):
    theirs = product_in(tenant_b)
    browser = admin_client_for(tenant_a, administrator)
    assert browser.get(f"{CHANGELIST}{theirs.pk}/label/").status_code == 404
    assert browser.post(f"{CHANGELIST}{theirs.pk}/sell/", {"price": "1"}).status_code == 404


def test_the_form_offers_only_the_statuses_the_product_may_move_to(
    admin_client_for, tenant_a, administrator, product_in
):
    browser = admin_client_for(tenant_a, administrator)

    def choices(url, field):
        form = browser.get(url).context["adminform"].form
        return [value for value, _label in form.fields[field].choices if value]

    reserved = product_in(tenant_a, status=ProductStatus.RESERVED)
    assert choices(f"{CHANGELIST}add/", "status") == ["EN_PRODUCCION", "DISPONIBLE", "RESERVADO"]
    assert choices(change_url(reserved), "status") == ["DISPONIBLE", "RESERVADO"]
    assert "entregado" not in choices(change_url(reserved), "location")
    browser.post(f"{CHANGELIST}{reserved.pk}/sell/", {"client": "", "price": ""})
    assert choices(change_url(reserved), "status") == ["VENDIDO", "ENTREGADO"]
    page = browser.get(change_url(reserved)).content.decode()
    assert "Eliminar producto" not in page and f"{reserved.pk}/delete/" not in page


def test_delivering_from_the_form_moves_the_product_to_entregado(admin_client_for, tenant_a, administrator, product_in):
    product = product_in(tenant_a, code="CU-ENTREGA")
    browser = admin_client_for(tenant_a, administrator)
    browser.post(f"{CHANGELIST}{product.pk}/sell/", {"client": "", "price": ""})
    form = browser.get(change_url(product)).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"status": "ENTREGADO"})
    response = browser.post(change_url(product), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    with schema_context(tenant_a.schema_name):
        product.refresh_from_db()
    assert (product.status, product.location) == (ProductStatus.DELIVERED, ProductLocation.DELIVERED)
