"""The admin: the list with badges and filters, the form with planned-material inlines, status steps, the
«Registrar producción» page (and its refusals inside the layout) and the efficiency on the order's page."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.inventory.models import StockMovement
from modules.production.models import ProductionOrder, ProductionStatus
from modules.production.selectors import products_of
from modules.production.tests.factories import material_with_stock, moulding_with_stock, production_order_factory

CHANGELIST = "/admin/production/productionorder/"
D = Decimal


@pytest.fixture
def make(home):
    def call(function, **kwargs):
        with schema_context(home.schema_name):
            return function(**kwargs)

    return call


@pytest.fixture
def browser(admin_client_for, home, administrator):
    return admin_client_for(home, administrator)


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def register_form(moulding, *, consumed="2.5", waste="0.1", offcut="0.4") -> dict:
    return {
        **management("consumo", 1),
        "consumo-0-material": str(moulding.pk),
        "consumo-0-quantity": consumed,
        **management("merma", 1),
        "merma-0-material": str(moulding.pk),
        "merma-0-quantity": waste,
        "merma-0-reason": "rotura",
        "merma-0-note": "Se partió",
        **management("retazo", 1),
        "retazo-0-material": str(moulding.pk),
        "retazo-0-length": offcut,
        **management("producto", 1),
        "producto-0-description": "",
        "producto-0-kind": "cuadro",
        "producto-0-sale_price": "45.00",
        "producto-0-status": "",
        "producto-0-location": "vitrina",
        "producto-0-quantity": "1",
        "notes": "Sin novedad",
    }


def test_the_list_shows_status_badges_and_filters(browser, make):
    planned = make(production_order_factory, description="Cuadro planificado")
    cancelled = make(production_order_factory, description="Cuadro cancelado")
    make(lambda: ProductionOrder.objects.filter(pk=cancelled.pk).update(status=ProductionStatus.CANCELLED))
    html = browser.get(CHANGELIST).content.decode()
    assert planned.number in html and "Planificada" in html and "Cancelada" in html and "Stock" in html
    found = browser.get(CHANGELIST, {"status__exact": "CANCELADA"}).context["cl"].result_list
    assert [order.pk for order in found] == [cancelled.pk]
    found = browser.get(CHANGELIST, {"q": "planificado"}).context["cl"].result_list
    assert [order.pk for order in found] == [planned.pk]


def test_the_list_runs_a_fixed_number_of_queries(browser, make, django_assert_max_num_queries):
    make(production_order_factory)
    browser.get(CHANGELIST)
    with django_assert_max_num_queries(40) as few:
        browser.get(CHANGELIST)
    for _ in range(10):
        make(production_order_factory)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert browser.get(CHANGELIST).status_code == 200


def test_the_add_form_saves_the_order_and_its_planned_materials_through_the_service(browser, make, home):
    paper = make(material_with_stock)
    response = browser.post(
        f"{CHANGELIST}add/",
        {
            "description": "Cuadro desde el panel",
            "kind": "cuadro",
            "quantity": "1",
            "status": "PLANIFICADA",
            **management("planned_materials", 1),
            "planned_materials-0-material": str(paper.pk),
            "planned_materials-0-quantity": "3",
            "planned_materials-0-notes": "",
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    with schema_context(home.schema_name):
        order = ProductionOrder.objects.get(description="Cuadro desde el panel")
        assert order.number.startswith("OP-")
        assert [(line.material_id, line.quantity) for line in order.planned_materials.all()] == [(paper.pk, D("3"))]


def test_the_register_page_registers_and_the_order_page_shows_the_efficiency(browser, make, home):
    moulding = make(moulding_with_stock, metres="10", cost="2.00")
    order = make(production_order_factory, moulding=moulding, width_cm=D("40"), height_cm=D("50"))
    url = f"{CHANGELIST}{order.pk}/registrar/"
    page = browser.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Registrar producción" in html and "Consumo real" in html and "Retazos de moldura" in html
    assert 'value="2.000"' in html  # the planned moulding need, proposed as consumption
    done = browser.post(url, register_form(moulding))
    assert done.status_code == 302
    with schema_context(home.schema_name):
        order.refresh_from_db()
        assert order.status == ProductionStatus.COMPLETED
        [product] = products_of(order.pk)
        assert product.cost == D("4.40")  # (2.5 + 0.1 − 0.4) m × 2.00
    page = browser.get(f"{CHANGELIST}{order.pk}/change/").content.decode()
    assert 'data-testid="efficiency"' in page and "Costo por producto" in page and product.code in page
    # a completed order's page does not offer the registration again
    again = browser.get(url)
    assert again.status_code == 302


def test_a_refused_registration_is_shown_inside_the_layout_and_writes_nothing(browser, make, home):
    moulding = make(moulding_with_stock, metres="1")
    order = make(production_order_factory)
    with schema_context(home.schema_name):
        before = StockMovement.objects.count()
    response = browser.post(f"{CHANGELIST}{order.pk}/registrar/", register_form(moulding))
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "No hay stock suficiente" in html and moulding.name in html and 'id="nav-sidebar"' in html or "sidebar" in html
    )
    bad = browser.post(f"{CHANGELIST}{order.pk}/registrar/", register_form(moulding, offcut="abc"))
    assert bad.status_code == 400 and "Revise los datos marcados" in bad.content.decode()
    with schema_context(home.schema_name):
        assert StockMovement.objects.count() == before
        assert ProductionOrder.objects.get(pk=order.pk).status == ProductionStatus.PLANNED


def test_the_register_page_needs_the_rights_to_register(admin_client_for, home, make_user, make):
    order = make(production_order_factory)
    sales = admin_client_for(home, make_user(home, Role.SALES))
    assert sales.get(f"{CHANGELIST}{order.pk}/registrar/").status_code == 403
    workshop = admin_client_for(home, make_user(home, Role.PRODUCTION))
    assert workshop.get(f"{CHANGELIST}{order.pk}/registrar/").status_code == 200


def test_status_actions_start_and_cancel(browser, make, home):
    order = make(production_order_factory)
    browser.post(CHANGELIST, {"action": "start_work", "_selected_action": [str(order.pk)]})
    with schema_context(home.schema_name):
        assert ProductionOrder.objects.get(pk=order.pk).status == ProductionStatus.IN_PROGRESS
    browser.post(CHANGELIST, {"action": "cancel_orders", "_selected_action": [str(order.pk)]})
    with schema_context(home.schema_name):
        assert ProductionOrder.objects.get(pk=order.pk).status == ProductionStatus.CANCELLED
    response = browser.post(CHANGELIST, {"action": "start_work", "_selected_action": [str(order.pk)]}, follow=True)
    assert "no puede pasar" in response.content.decode() or "solo pueden cambiar" in response.content.decode()


def test_the_list_downloads_as_a_spreadsheet(browser, make, admin_client_for, home, make_user):
    make(production_order_factory, description="Cuadro exportado")
    response = browser.post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    photographer = admin_client_for(home, make_user(home, Role.PHOTOGRAPHER))
    assert photographer.get(CHANGELIST).status_code == 200  # reads the orders…
    assert photographer.get(f"{CHANGELIST}export/").status_code == 403  # …but exports nothing
    assert photographer.get(f"{CHANGELIST}add/").status_code == 403  # and changes nothing


def test_the_efficiency_page_sums_the_completed_orders_per_material_and_month(browser, make):
    moulding = make(moulding_with_stock, metres="10", cost="2.00")

    def registered():
        from modules.production.services import production_register

        order = production_order_factory()
        production_register(
            order=order,
            consumption=[{"material": moulding, "quantity": D("2.5")}],
            waste=[{"material": moulding, "quantity": D("0.5"), "reason": "rotura"}],
            products=[{"quantity": 2}],
        )

    make(registered)
    page = browser.get(f"{CHANGELIST}eficiencia/")
    html = page.content.decode()
    assert page.status_code == 200 and "Eficiencia de producción" in html and "nav-sidebar" in html
    assert moulding.sku in html and "16,7 %" in html  # 0.5 of 3 m
    assert "6,00" in html and "3,00" in html  # the month: 3 m × 2.00, per product 3.00
    changelist = browser.get(CHANGELIST).content.decode()
    assert f"{CHANGELIST}eficiencia/" in changelist
    refused = browser.get(f"{CHANGELIST}eficiencia/", {"desde": "2026-12-01", "hasta": "2026-01-01"})
    assert refused.status_code == 400 and "no puede ser anterior" in refused.content.decode()
