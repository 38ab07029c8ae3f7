"""The inventory API: one CRUD per category, movements, alerts; isolation, roles and query counts."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import roles_for
from modules.inventory.models import Material, MaterialCategory
from modules.inventory.services import stock_move
from modules.inventory.tests.factories import MaterialFactory
from tenants.choices import BusinessType

BASE = "/api/v1/inventory/"
MOULDING = {"sku": " var 01 ", "nombre": "Varilla nogal", "unidad": "metro", "costo_unitario": "4.50",
            "stock_minimo": "20", "cantidad_reposicion": "60", "proveedor": "Molduras Andinas", "perfil": "plano",
            "ancho_cm": "3", "largo_barra_m": "2.9"}  # fmt: skip


def material_in(tenant, **fields):
    with schema_context(tenant.schema_name):
        return MaterialFactory(**fields)


@pytest.mark.parametrize("category", MaterialCategory.values)
def test_every_category_has_its_own_crud(api_client, home, administrator, category):
    api = api_client(home, administrator)
    unit = "metro" if category == "varillas" else "unidad"
    created = api.post(f"{BASE}{category}/", {"sku": f"x-{category}", "nombre": "Uno", "unidad": unit}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["sku"], body["categoria"], body["existencias"], body["nivel_stock"]) == (
        f"X-{category.upper()}",
        category,
        "0.000",
        "agotado",
    )
    detail = f"{BASE}{category}/{body['id']}/"
    assert api.get(f"{BASE}{category}/").json()["count"] == 1
    other = next(c for c in MaterialCategory.values if c != category)
    assert api.get(f"{BASE}{other}/").json()["count"] == 0
    assert api.get(f"{BASE}{other}/{body['id']}/").status_code == 404  # another category's material
    assert api.patch(detail, {"nombre": "Dos"}, format="json").json()["nombre"] == "Dos"
    assert api.delete(detail).status_code == 204


def test_a_category_shows_and_takes_only_its_own_attributes(api_client, home, administrator):
    api = api_client(home, administrator)
    body = api.post(f"{BASE}varillas/", MOULDING, format="json").json()
    assert (body["sku"], body["perfil"], body["ancho_cm"]) == ("VAR01", "plano", "3.00")
    assert "volumen_ml" not in body and "numero_serie" not in body
    paint = api.get(f"{BASE}pinturas/", {}).json()
    assert paint["count"] == 0
    wrong_unit = api.post(f"{BASE}varillas/", {**MOULDING, "sku": "v2", "unidad": "hoja"}, format="json")
    assert wrong_unit.status_code == 400 and "unidad" in wrong_unit.json()["errors"]


def test_stock_and_average_cost_are_read_only(api_client, home, administrator):
    api = api_client(home, administrator)
    body = api.post(f"{BASE}varillas/", {**MOULDING, "existencias": "500"}, format="json").json()
    assert body["existencias"] == "0.000"


def test_a_duplicate_sku_is_a_409_naming_the_material(api_client, home, administrator):
    material_in(home, sku="IMP-9", name="Papel")
    response = api_client(home, administrator).post(
        f"{BASE}impresion/", {"sku": "imp-9", "nombre": "Otro", "unidad": "hoja"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "material_duplicate"
    assert response.json()["material_existente"]["sku"] == "IMP-9"


def test_a_material_with_movements_cannot_be_deleted_409(api_client, home, administrator):
    material = material_in(home)
    with schema_context(home.schema_name):
        stock_move(material=material, kind="compra", quantity=3, unit_cost="1")
    response = api_client(home, administrator).delete(f"{BASE}impresion/{material.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "material_in_use"


def test_movements_list_and_adjustments(api_client, home, administrator):
    material = material_in(home)
    api = api_client(home, administrator)
    purchase = {"material": str(material.pk), "tipo": "compra", "cantidad": "12", "costo_unitario": "0.40",
                "referencia": "Factura 77"}  # fmt: skip
    bought = api.post(f"{BASE}movements/", purchase, format="json")
    assert bought.status_code == 201, bought.json()
    no_reason = api.post(f"{BASE}movements/", {"material": str(material.pk), "cantidad": "-2"}, format="json")
    assert no_reason.status_code == 400 and "motivo" in no_reason.json()["errors"]
    adjusted = api.post(
        f"{BASE}movements/", {"material": str(material.pk), "cantidad": "-2", "motivo": "Conteo"}, format="json"
    )
    assert adjusted.status_code == 201 and adjusted.json()["saldo"] == "10.000"
    too_much = api.post(
        f"{BASE}movements/", {"material": str(material.pk), "cantidad": "-20", "motivo": "Conteo"}, format="json"
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_stock"
    waste = api.post(
        f"{BASE}movements/", {"material": str(material.pk), "tipo": "merma", "cantidad": "1"}, format="json"
    )
    assert waste.status_code == 400
    listed = api.get(f"{BASE}movements/", {"material": str(material.pk)}).json()
    assert [row["tipo"] for row in listed["results"]] == ["ajuste", "compra"]
    assert listed["results"][0]["material_detalle"]["sku"] == material.sku
    movement_id = listed["results"][0]["id"]
    assert api.delete(f"{BASE}movements/{movement_id}/").status_code == 405
    assert api.put(f"{BASE}movements/{movement_id}/", {}, format="json").status_code == 405


def test_alerts_list_low_stock_with_reorder_figures(api_client, home, administrator):
    material = material_in(home, minimum_stock=Decimal("10"), reorder_quantity=Decimal("50"), unit_cost=Decimal("0.5"))
    with schema_context(home.schema_name):
        stock_move(material=material, kind="compra", quantity=4, unit_cost="0.5")
    material_in(home, minimum_stock=Decimal("0"))
    rows = api_client(home, administrator).get(f"{BASE}alerts/").json()["results"]
    assert [(r["sku"], r["existencias"], r["faltante"], r["cantidad_sugerida"], r["costo_estimado"], r["nivel_stock"])
            for r in rows] == [(material.sku, "4.000", "6.000", "50.000", "25.00", "bajo")]  # fmt: skip
    assert rows[0]["ultima_compra"] is not None


def test_another_business_never_sees_the_materials(api_client, home, other, administrator, make_user):
    theirs = material_in(other)
    api = api_client(home, administrator)
    assert api.get(f"{BASE}impresion/").json()["count"] == 0
    assert api.get(f"{BASE}impresion/{theirs.pk}/").status_code == 404
    response = api.post(f"{BASE}movements/", {"material": str(theirs.pk), "tipo": "compra", "cantidad": "1"},
                        format="json")  # fmt: skip
    assert response.status_code == 400


def test_without_a_token_it_is_401(api_client, home):
    for path in ("varillas/", "alerts/", "movements/", "import/"):
        assert api_client(home).get(f"{BASE}{path}").status_code == 401


def _allowed(role, action):
    actions = get_module("inventory").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_access_follows_the_roles(role, api_client, home, make_user):
    material = material_in(home)
    api = api_client(home, make_user(home, role))
    assert api.get(f"{BASE}impresion/").status_code == (200 if _allowed(role, "view") else 403)
    assert api.get(f"{BASE}alerts/").status_code == (200 if _allowed(role, "view") else 403)
    created = api.post(f"{BASE}impresion/", {"sku": f"R-{role}", "nombre": "N", "unidad": "hoja"}, format="json")
    assert created.status_code == (201 if _allowed(role, "add") else 403)
    moved = api.post(f"{BASE}movements/", {"material": str(material.pk), "tipo": "compra", "cantidad": "1"},
                     format="json")  # fmt: skip
    assert moved.status_code == (201 if _allowed(role, "add") else 403)
    importing = api.post(f"{BASE}import/", {}, format="multipart")
    may_import = _allowed(role, "add") and _allowed(role, "change")
    assert importing.status_code == (400 if may_import else 403)


@pytest.mark.parametrize("path", ["impresion/", "movements/", "alerts/"])
def test_every_list_runs_a_fixed_number_of_queries(
    api_client, home, administrator, path, django_assert_max_num_queries
):
    api = api_client(home, administrator)
    api.get(f"{BASE}{path}")
    with schema_context(home.schema_name):
        for number in range(25):
            material = MaterialFactory(minimum_stock=Decimal("100"))
            stock_move(material=material, kind="compra", quantity=number + 1, unit_cost="1")
    with django_assert_max_num_queries(6):
        response = api.get(f"{BASE}{path}", {"page_size": 25})
    assert len(response.json()["results"]) == 25


def test_search_and_ordering_use_the_apis_names(api_client, home, administrator):
    material_in(home, name="Álamo", sku="B-2")
    material_in(home, name="Búho", sku="A-1")
    api = api_client(home, administrator)
    assert [r["nombre"] for r in api.get(f"{BASE}impresion/", {"search": "alamo"}).json()["results"]] == ["Álamo"]
    assert [r["sku"] for r in api.get(f"{BASE}impresion/", {"ordering": "sku"}).json()["results"]] == ["A-1", "B-2"]
    assert api.get(f"{BASE}impresion/", {"ordering": "name"}).status_code == 400


def test_the_admin_pages_render(admin_client_for, home, administrator):
    material = material_in(home, minimum_stock=Decimal("5"))
    with schema_context(home.schema_name):
        stock_move(material=material, kind="compra", quantity=2, unit_cost="1", reference="Factura 5")
    browser = admin_client_for(home, administrator)
    listing = browser.get("/admin/inventory/material/?category__exact=impresion").content.decode()
    assert material.sku in listing and 'data-stock="bajo"' in listing
    page = browser.get(f"/admin/inventory/material/{material.pk}/change/").content.decode()
    assert 'data-testid="ledger"' in page and "Factura 5" in page
    reorder = browser.get("/admin/inventory/material/reorder/")
    assert material.sku in reorder.content.decode()
    exported = browser.get("/admin/inventory/material/reorder/?export=csv")
    assert exported["Content-Disposition"].startswith('attachment; filename="reposicion-')
    assert material.sku in exported.content.decode()
    template = browser.get("/admin/inventory/material/template/varillas/").content.decode()
    assert template.splitlines()[0].lstrip("\ufeff").endswith("perfil,ancho_cm,color,acabado,largo_barra_m")
    assert browser.get("/admin/inventory/material/import/").status_code == 200
    assert browser.get("/admin/inventory/stockmovement/").status_code == 200
    assert browser.get("/admin/").status_code == 200


def test_the_admin_import_lists_row_errors_then_imports(admin_client_for, home, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    browser = admin_client_for(home, administrator)
    bad = SimpleUploadedFile("m.csv", b"sku,nombre,categoria,unidad,costo_unitario\nA-1,Uno,varillas,metro,abc\n")
    response = browser.post("/admin/inventory/material/import/", {"archivo": bad})
    assert response.status_code == 400 and 'data-line="2"' in response.content.decode()
    good = SimpleUploadedFile(
        "m.csv", b"sku,nombre,categoria,unidad,costo_unitario,existencias\nA-1,Uno,varillas,metro,2,5\n"
    )
    assert browser.post("/admin/inventory/material/import/", {"archivo": good}).status_code == 302
    with schema_context(home.schema_name):
        assert Material.objects.get(sku="A-1").quantity_on_hand == Decimal("5")


def test_the_admin_adds_a_material_of_a_category(admin_client_for, home, administrator):
    browser = admin_client_for(home, administrator)
    form = {"sku": "pin-9", "name": "Laca", "category": "pinturas", "unit": "litro", "unit_cost": "9",
            "minimum_stock": "1", "reorder_quantity": "2", "supplier": "", "location": "", "is_active": "on",
            "colour": "nogal", "base": "laca", "volume_ml": "1000"}  # fmt: skip
    response = browser.post("/admin/inventory/material/add/?category=pinturas", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    with schema_context(home.schema_name):
        assert Material.objects.get(sku="PIN-9").colour == "nogal"


def test_the_admin_lists_run_a_fixed_number_of_queries(
    admin_client_for, home, administrator, django_assert_max_num_queries
):
    browser = admin_client_for(home, administrator)
    browser.get("/admin/inventory/material/")
    with schema_context(home.schema_name):
        for number in range(20):
            material = MaterialFactory(minimum_stock=Decimal("100"))
            stock_move(material=material, kind="compra", quantity=number + 1, unit_cost="1")
    with django_assert_max_num_queries(14):
        assert browser.get("/admin/inventory/material/?category__exact=impresion").status_code == 200
    with django_assert_max_num_queries(14):
        assert browser.get("/admin/inventory/stockmovement/").status_code == 200
    with django_assert_max_num_queries(14):
        assert browser.get("/admin/inventory/material/reorder/").status_code == 200


def test_the_admin_registers_an_adjustment_and_never_edits_a_movement(admin_client_for, home, administrator):
    material = material_in(home)
    with schema_context(home.schema_name):
        movement = stock_move(material=material, kind="compra", quantity=10, unit_cost="1")
    browser = admin_client_for(home, administrator)
    form = {"material": str(material.pk), "kind": "ajuste", "quantity": "-3", "unit_cost": "", "reference": "",
            "note": "Conteo de fin de mes"}  # fmt: skip
    added = browser.post("/admin/inventory/stockmovement/add/", form)
    assert added.status_code == 302, (added.context["adminform"].form.errors, added.context.get("errors"))
    refused = browser.post("/admin/inventory/stockmovement/add/", {**form, "quantity": "-30"})
    assert "No hay suficiente" in refused.content.decode()
    with schema_context(home.schema_name):
        material.refresh_from_db()
        assert material.quantity_on_hand == Decimal("7")
    ledger = browser.get(f"/admin/inventory/stockmovement/?material__id__exact={material.pk}")
    assert ledger.status_code == 200 and "Conteo de fin de mes" in ledger.content.decode()
    page = browser.get(f"/admin/inventory/stockmovement/{movement.pk}/change/")
    assert page.status_code == 200 and 'name="quantity"' not in page.content.decode()  # read-only
    assert browser.post(f"/admin/inventory/stockmovement/{movement.pk}/delete/", {"post": "yes"}).status_code == 403
