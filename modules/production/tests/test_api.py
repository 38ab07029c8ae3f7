"""The production API: orders (list, create, detail, update) and registering production; errors, roles,
isolation between businesses, filters and the list's query count."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.inventory.models import StockMovement
from modules.production.models import ProductionOrder, ProductionStatus
from modules.production.tests.factories import material_with_stock, moulding_with_stock, production_order_factory
from modules.products.models import Product

LIST = "/api/v1/production/orders/"
REGISTER = "/api/v1/production/register/"
D = Decimal


def detail(order) -> str:
    return f"{LIST}{order.pk}/"


@pytest.fixture
def make(home):
    """``make(function, **kwargs)``: call a factory inside the studio's schema."""

    def call(function, **kwargs):
        with schema_context(home.schema_name):
            return function(**kwargs)

    return call


@pytest.fixture
def api(api_client, home, administrator):
    return api_client(home, administrator)


def register_body(order, moulding, **overrides):
    body = {
        "orden": str(order.pk),
        "consumo": [{"material": str(moulding.pk), "cantidad": "2.500"}],
        "mermas": [{"material": str(moulding.pk), "cantidad": "0.100", "motivo": "error_corte", "nota": "Inglete"}],
        "retazos": [
            {"material": str(moulding.pk), "largo_m": "0.400"},
            {"material": str(moulding.pk), "largo_m": "0.1"},
        ],
        "productos": [{"precio_venta": "45.00", "ubicacion": "vitrina"}],
    }
    body.update(overrides)
    return body


def test_create_with_proposed_lines_read_and_update(api, make):
    moulding = make(moulding_with_stock)
    created = api.post(
        LIST,
        {"descripcion": "Cuadro 40×50", "ancho_cm": "40", "alto_cm": "50", "moldura": str(moulding.pk)},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["numero"].startswith(f"OP-{timezone.localdate().year}-") and body["estado"] == "PLANIFICADA"
    assert body["moldura_necesaria_m"] == "2.000" and body["pedido"] is None
    assert [(line["material"], line["cantidad"]) for line in body["materiales_planificados"]] == [
        (str(moulding.pk), "2.000")
    ]
    assert body["eficiencia"] is None and body["registro"] == [] and body["productos"] == 0

    paper = make(material_with_stock)
    changed = api.put(
        f"{LIST}{body['id']}/",
        {
            "descripcion": "Cuadro 40×50 nogal",
            "estado": "EN_PROCESO",
            "materiales_planificados": [{"material": str(paper.pk), "cantidad": "2"}],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["estado"] == "EN_PROCESO" and changed.json()["inicio_real"] is not None
    assert [line["material"] for line in changed.json()["materiales_planificados"]] == [str(paper.pk)]
    assert api.get(f"{LIST}{body['id']}/").json()["descripcion"] == "Cuadro 40×50 nogal"


def test_an_order_for_a_customer_order_and_a_responsible(api, make, home, make_user):
    from modules.orders.tests.factories import OrderFactory

    customer_order = make(OrderFactory)
    worker = make_user(home, Role.PRODUCTION)
    created = api.post(
        LIST,
        {"descripcion": "Marco para pedido", "pedido": str(customer_order.pk), "responsable": str(worker.pk)},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["pedido"], created.json()["responsable"]) == (str(customer_order.pk), str(worker.pk))
    assert api.get(LIST, {"pedido": str(customer_order.pk)}).json()["count"] == 1
    assert api.get(LIST, {"responsable": str(worker.pk)}).json()["count"] == 1
    assert api.get(LIST, {"para_stock": "true"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({}, "descripcion"),
        ({"descripcion": "X", "ancho_cm": "40"}, "alto_cm"),
        ({"descripcion": "X", "estado": "COMPLETADA"}, "estado"),
        ({"descripcion": "X", "estado": "LISTA"}, "estado"),
        (
            {"descripcion": "X", "materiales_planificados": [{"material": "nada", "cantidad": "1"}]},
            "materiales_planificados",
        ),
        ({"descripcion": "X", "pedido": "00000000-0000-0000-0000-000000000000"}, "pedido"),
    ],
)
def test_an_invalid_order_is_a_400_naming_the_key(api, body, key):
    response = api.post(LIST, body, format="json")
    assert response.status_code == 400, response.json()
    assert key in response.json()["errors"], response.json()


def test_a_step_the_table_does_not_allow_is_a_409_and_there_is_no_delete(api, make):
    order = make(production_order_factory)
    api.put(detail(order), {"descripcion": order.description, "estado": "CANCELADA"}, format="json")
    refused = api.put(detail(order), {"descripcion": order.description, "estado": "PLANIFICADA"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "production_order_closed"
    assert api.delete(detail(order)).status_code == 405
    assert api.patch(detail(order), {"notas": "x"}, format="json").status_code == 405


def test_without_a_token_it_is_401_and_a_role_without_the_right_is_403(api_client, home, make_user, make):
    order = make(production_order_factory)
    anonymous = api_client(home)
    assert anonymous.get(LIST).status_code == 401
    assert anonymous.post(REGISTER, {}, format="json").status_code == 401
    sales = api_client(home, make_user(home, Role.SALES))
    assert sales.get(LIST).status_code == 200
    assert sales.post(LIST, {"descripcion": "X"}, format="json").status_code == 403
    assert sales.post(REGISTER, {"orden": str(order.pk)}, format="json").status_code == 403
    photographer = api_client(home, make_user(home, Role.PHOTOGRAPHER))  # reads them, changes nothing
    assert photographer.get(LIST).status_code == 200
    assert photographer.get(detail(order)).status_code == 200
    assert photographer.post(LIST, {"descripcion": "X"}, format="json").status_code == 403
    assert photographer.put(detail(order), {"descripcion": "X"}, format="json").status_code == 403
    assert photographer.post(REGISTER, {"orden": str(order.pk)}, format="json").status_code == 403


def test_the_workshop_plans_and_registers(api_client, home, make_user, make):
    moulding = make(moulding_with_stock)
    workshop = api_client(home, make_user(home, Role.PRODUCTION))
    created = workshop.post(LIST, {"descripcion": "Cuadro del taller"}, format="json")
    assert created.status_code == 201
    order = make(lambda: ProductionOrder.objects.get(pk=created.json()["id"]))
    assert workshop.post(REGISTER, register_body(order, moulding), format="json").status_code == 201


def test_another_business_order_is_404_and_never_listed(api_client, other, make_user, make, api):
    order = make(production_order_factory)
    foreign = api_client(other, make_user(other, Role.ADMINISTRATOR))
    assert foreign.get(detail(order)).status_code == 404
    assert foreign.put(detail(order), {"descripcion": "Mía"}, format="json").status_code == 404
    assert foreign.get(LIST).json()["count"] == 0
    moulding = make(moulding_with_stock)
    refused = foreign.post(REGISTER, register_body(order, moulding), format="json")
    assert refused.status_code in (400, 404)  # the order is not there (nor are the materials)
    assert api.get(LIST).json()["count"] == 1


def test_register_creates_the_movements_the_products_and_completes_the_order(api, make, home):
    moulding = make(moulding_with_stock, metres="10", cost="2.00")
    order = make(production_order_factory)
    response = api.post(REGISTER, register_body(order, moulding), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["orden"]["estado"] == "COMPLETADA" and body["orden"]["fin_real"] is not None
    assert {entry["tipo"] for entry in body["orden"]["registro"]} == {"consumo", "merma", "retazo"}
    efficiency = body["orden"]["eficiencia"]
    assert (efficiency["costo_materiales"], efficiency["productos"], efficiency["costo_por_producto"]) == (
        "4.40",
        1,
        "4.40",
    )
    assert efficiency["materiales"][0]["merma_porcentaje"] == "9.1"
    [product] = body["productos"]
    assert (product["costo"], product["produccion"], product["ubicacion"]) == ("4.40", str(order.pk), "vitrina")
    with schema_context(home.schema_name):
        moulding.refresh_from_db()
        assert moulding.quantity_on_hand == D("7.800")


def test_register_with_short_stock_is_a_409_and_writes_nothing(api, make, home):
    moulding = make(moulding_with_stock, metres="1")
    order = make(production_order_factory)
    with schema_context(home.schema_name):
        before = (StockMovement.objects.count(), Product.objects.count())
    response = api.post(REGISTER, register_body(order, moulding), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "insufficient_stock" and moulding.name in body["detail"]
    assert body["faltantes"] == [
        {
            "material": str(moulding.pk),
            "sku": moulding.sku,
            "nombre": moulding.name,
            "necesario": "2.600",
            "disponible": "1.000",
        }
    ]
    with schema_context(home.schema_name):
        assert (StockMovement.objects.count(), Product.objects.count()) == before
        assert ProductionOrder.objects.get(pk=order.pk).status == ProductionStatus.PLANNED


def test_register_twice_is_a_409_an_unknown_order_a_404_and_bad_lines_a_400(api, make):
    moulding = make(moulding_with_stock, metres="20")
    order = make(production_order_factory)
    assert api.post(REGISTER, register_body(order, moulding), format="json").status_code == 201
    again = api.post(REGISTER, register_body(order, moulding), format="json")
    assert again.status_code == 409 and again.json()["code"] == "production_not_open"
    missing = api.post(
        REGISTER, {**register_body(order, moulding), "orden": "00000000-0000-0000-0000-000000000000"}, format="json"
    )
    assert missing.status_code == 404
    fresh = make(production_order_factory)
    bad = api.post(
        REGISTER,
        register_body(fresh, moulding, retazos=[{"material": str(moulding.pk), "largo_m": "9"}]),
        format="json",
    )
    assert bad.status_code == 400 and "retazos" in bad.json()["errors"], bad.json()
    reason = api.post(
        REGISTER,
        register_body(fresh, moulding, mermas=[{"material": str(moulding.pk), "cantidad": "1", "motivo": "robo"}]),
        format="json",
    )
    assert reason.status_code == 400 and "mermas" in reason.json()["errors"]
    assert api.post(REGISTER, {"consumo": []}, format="json").status_code == 400


def test_filters_search_and_ordering(api, make):
    today = timezone.localdate()
    soon = make(production_order_factory, description="Lienzo grande", planned_end=today)
    make(production_order_factory, description="Cuadro pequeño", planned_end=today.replace(day=1).replace(year=2020))
    assert [row["id"] for row in api.get(LIST, {"search": "lienzo"}).json()["results"]] == [str(soon.pk)]
    assert api.get(LIST, {"fecha_desde": str(today)}).json()["count"] == 1
    assert api.get(LIST, {"estado": "PLANIFICADA"}).json()["count"] == 2
    assert api.get(LIST, {"estado": "HECHA"}).status_code == 400
    ordered = api.get(LIST, {"ordering": "fin_planificado"}).json()["results"]
    assert ordered[0]["descripcion"] == "Cuadro pequeño"
    assert api.get(LIST, {"ordering": "color"}).status_code == 400


def test_the_list_runs_a_fixed_number_of_queries(api, make, django_assert_max_num_queries):
    moulding = make(moulding_with_stock, metres="60")

    def registered():
        order = production_order_factory(moulding=moulding, width_cm=D("20"), height_cm=D("30"))
        from modules.production.services import production_register

        production_register(
            order=order,
            consumption=[{"material": moulding, "quantity": D("1.5")}],
            waste=[{"material": moulding, "quantity": D("0.1"), "reason": "defecto"}],
            offcuts=[{"material": moulding, "length": D("0.4")}],
            products=[{"quantity": 1}],
        )

    make(registered)
    api.get(LIST)
    with django_assert_max_num_queries(20) as few:
        assert api.get(LIST).status_code == 200
    for _ in range(8):
        make(registered)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api.get(LIST, {"page_size": 20}).json()
    assert body["count"] == 9 and all(row["productos"] == 1 for row in body["results"])
