"""The rules of production orders: numbering, the moulding need, status steps, registering (the ledger, offcuts,
products and their cost, all or nothing), the waste alert and the efficiency figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fotostudio.alerts.models import Alert
from fotostudio.configuration.services import settings_update
from fotostudio.core.errors import ApplicationError, ConflictError
from modules.inventory.models import StockMovement
from modules.inventory.selectors import ledger_balance
from modules.production.apps import MIN_OFFCUT, MITRE_ALLOWANCE, WASTE_THRESHOLD
from modules.production.models import EntryKind, ProductionEntry, ProductionOrder, ProductionStatus
from modules.production.selectors import (
    efficiency_by_material,
    efficiency_by_period,
    order_efficiency,
    production_order_list,
    products_of,
)
from modules.production.services import (
    moulding_need,
    production_order_update,
    production_register,
)
from modules.production.tests.factories import material_with_stock, moulding_with_stock, production_order_factory
from modules.products.models import Product, ProductStatus

pytestmark = pytest.mark.usefixtures("in_home")
D = Decimal


def register_frame(order, moulding, **overrides):
    lines = {
        "consumption": [{"material": moulding, "quantity": D("2.5")}],
        "waste": [{"material": moulding, "quantity": D("0.1"), "reason": "error_corte", "note": "Inglete"}],
        "offcuts": [{"material": moulding, "length": D("0.4")}, {"material": moulding, "length": D("0.1")}],
        "products": [{"sale_price": D("45"), "location": "vitrina"}],
    }
    lines.update(overrides)
    return production_register(order=order, **lines)


# --- Numbering and planning --------------------------------------------------------------------------------


def test_orders_are_numbered_consecutively_with_the_configured_prefix():
    first, second = production_order_factory(), production_order_factory()
    year = timezone.localdate().year
    assert first.number.startswith(f"OP-{year}-")
    assert int(second.number.rsplit("-", 1)[1]) == int(first.number.rsplit("-", 1)[1]) + 1


def test_the_moulding_need_is_the_perimeter_plus_four_mitres_per_piece():
    assert moulding_need(width_cm=D("40"), height_cm=D("50"), pieces=1) == D("2.000")  # 180 cm + 4 × 5 cm
    assert moulding_need(width_cm=D("40"), height_cm=D("50"), pieces=3) == D("6.000")
    settings_update(values={MITRE_ALLOWANCE: "2.5"})
    assert moulding_need(width_cm=D("30"), height_cm=D("40"), pieces=1) == D("1.500")  # 140 + 10


def test_an_order_without_lines_gets_the_moulding_need_and_one_glass_mat_and_backing_per_piece():
    moulding, glass = moulding_with_stock(), material_with_stock(unit="unidad")
    order = production_order_factory(moulding=moulding, glass=glass, width_cm=D("40"), height_cm=D("50"), quantity=2)
    planned = {line.material_id: line.quantity for line in order.planned_materials.all()}
    assert planned == {moulding.pk: D("4.000"), glass.pk: D("2")}


def test_given_lines_are_kept_and_a_bad_line_is_a_400_naming_it():
    paper = material_with_stock()
    order = production_order_factory(planned_materials=[{"material": paper, "quantity": D("3")}])
    assert [(line.material_id, line.quantity) for line in order.planned_materials.all()] == [(paper.pk, D("3"))]
    with pytest.raises(ApplicationError) as refused:
        production_order_factory(planned_materials=[{"material": paper, "quantity": D("0")}])
    assert refused.value.status_code == 400 and "planned_materials" in refused.value.errors
    assert "Línea 1" in refused.value.errors["planned_materials"][0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"description": "  "}, "description"),
        ({"width_cm": D("40")}, "height_cm"),
        ({"width_cm": D("-1"), "height_cm": D("20")}, "width_cm"),
        (
            {"planned_start": timezone.localdate(), "planned_end": timezone.localdate() - timedelta(days=1)},
            "planned_end",
        ),
    ],
)
def test_an_invalid_order_is_a_400_by_field(fields, field):
    with pytest.raises(ApplicationError) as refused:
        production_order_factory(**fields)
    assert field in refused.value.errors and refused.value.status_code == 400


def test_the_moulding_must_be_a_moulding():
    with pytest.raises(ApplicationError) as refused:
        production_order_factory(moulding=material_with_stock())
    assert "moulding" in refused.value.errors


# --- Status --------------------------------------------------------------------------------------------------


def test_status_steps_follow_the_table_and_record_their_dates():
    order = production_order_factory()
    production_order_update(order=order, data={"status": ProductionStatus.IN_PROGRESS})
    assert order.status == ProductionStatus.IN_PROGRESS and order.started_at is not None
    production_order_update(order=order, data={"status": ProductionStatus.CANCELLED})
    order.refresh_from_db()
    assert order.status == ProductionStatus.CANCELLED and order.cancelled_at is not None
    with pytest.raises(ConflictError) as refused:
        production_order_update(order=order, data={"status": ProductionStatus.PLANNED})
    assert refused.value.code == "production_order_closed"


def test_completing_by_an_update_is_refused_it_takes_a_registration():
    order = production_order_factory()
    with pytest.raises(ConflictError) as refused:
        production_order_update(order=order, data={"status": ProductionStatus.COMPLETED})
    assert refused.value.code == "production_transition_invalid"
    order.refresh_from_db()
    assert order.status == ProductionStatus.PLANNED


def test_a_closed_order_only_lets_its_notes_change():
    order = production_order_factory()
    production_order_update(order=order, data={"status": ProductionStatus.CANCELLED})
    production_order_update(order=order, data={"notes": "El cliente desistió."})
    with pytest.raises(ConflictError):
        production_order_update(order=order, data={"description": "Otra cosa"})
    with pytest.raises(ConflictError):
        production_order_update(order=order, data={}, planned_materials=[])


# --- Registering ---------------------------------------------------------------------------------------------


def test_registering_writes_the_ledger_returns_usable_offcuts_and_counts_short_ones_as_waste():
    moulding = moulding_with_stock(metres="10", cost="2.00")
    order = production_order_factory(moulding=moulding, width_cm=D("40"), height_cm=D("50"))
    register_frame(order, moulding)
    moulding.refresh_from_db()
    # took 2.5 + 0.1 of waste; the 0.4 offcut came back, the 0.1 one (below 0.30 m) is waste
    assert moulding.quantity_on_hand == D("7.800") == ledger_balance(moulding)
    movements = list(
        StockMovement.objects.filter(reference=order.number).order_by("created_at").values_list("kind", "quantity")
    )
    assert sorted(movements) == sorted(
        [("consumo", D("-2.400")), ("merma", D("-0.100")), ("merma", D("-0.100")), ("retazo", D("0.400"))]
    )
    entries = {(e.kind, e.quantity, e.reason) for e in ProductionEntry.objects.filter(order=order)}
    assert entries == {
        (EntryKind.CONSUMPTION, D("2.400"), ""),
        (EntryKind.WASTE, D("0.100"), "error_corte"),
        (EntryKind.WASTE, D("0.100"), "retazo_corto"),
        (EntryKind.OFFCUT, D("0.400"), ""),
    }
    order.refresh_from_db()
    assert order.status == ProductionStatus.COMPLETED and order.finished_at is not None


def test_the_minimum_usable_offcut_is_a_setting():
    settings_update(values={MIN_OFFCUT: "0.05"})
    moulding = moulding_with_stock(metres="10")
    order = production_order_factory()
    register_frame(order, moulding)
    assert not ProductionEntry.objects.filter(order=order, reason="retazo_corto").exists()
    assert ProductionEntry.objects.filter(order=order, kind=EntryKind.OFFCUT).count() == 2


def test_products_are_created_linked_to_the_order_costing_their_share_of_the_materials_with_waste():
    moulding = moulding_with_stock(metres="10", cost="2.00")
    backing = material_with_stock(quantity="10", cost="1.50")
    order = production_order_factory(moulding=moulding, width_cm=D("40"), height_cm=D("50"))
    register_frame(
        order,
        moulding,
        consumption=[{"material": moulding, "quantity": D("2.5")}, {"material": backing, "quantity": D("2")}],
        products=[{"sale_price": D("45"), "quantity": 2}],
    )
    products = list(products_of(order.pk))
    # moulding: 2.5 + 0.1 taken − 0.4 back = 2.2 m × 2 = 4.40; backing 2 × 1.50 = 3.00 → 7.40 / 2
    assert [p.cost for p in products] == [D("3.70"), D("3.70")]
    assert {(p.status, p.width_cm, p.height_cm, p.description) for p in products} == {
        (ProductStatus.AVAILABLE, D("40"), D("50"), order.description)
    }
    assert all(p.code.startswith("PRD-") for p in products)


def test_a_product_made_for_a_customer_order_is_reserved(home):
    from modules.orders.tests.factories import OrderFactory

    moulding = moulding_with_stock()
    order = production_order_factory(customer_order=OrderFactory())
    register_frame(order, moulding)
    assert [p.status for p in products_of(order.pk)] == [ProductStatus.RESERVED]


def test_short_stock_is_a_409_naming_material_needed_and_available_and_writes_nothing():
    moulding = moulding_with_stock(metres="2", cost="2.00")
    paper = material_with_stock(quantity="5")
    order = production_order_factory()
    before = (StockMovement.objects.count(), Product.objects.count(), ProductionEntry.objects.count())
    with pytest.raises(ConflictError) as refused:
        register_frame(
            order,
            moulding,
            consumption=[{"material": paper, "quantity": D("1")}, {"material": moulding, "quantity": D("2")}],
        )  # 2 + 0.1 of waste > 2 m
    error = refused.value
    assert error.code == "insufficient_stock" and error.status_code == 409
    assert moulding.name in error.message and "2.1" in error.message and "hay 2" in error.message
    assert error.extra["faltantes"][0]["necesario"] == "2.100"
    assert (StockMovement.objects.count(), Product.objects.count(), ProductionEntry.objects.count()) == before
    order.refresh_from_db()
    assert order.status == ProductionStatus.PLANNED and order.finished_at is None


@pytest.mark.parametrize("status", [ProductionStatus.COMPLETED, ProductionStatus.CANCELLED])
def test_registering_a_closed_order_is_a_409(status):
    moulding = moulding_with_stock()
    order = production_order_factory()
    if status == ProductionStatus.COMPLETED:
        register_frame(order, moulding)
    else:
        production_order_update(order=order, data={"status": status})
    with pytest.raises(ConflictError) as refused:
        register_frame(order, moulding)
    assert refused.value.code == "production_not_open"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"offcuts": [{"length": D("3")}]}, "offcuts"),  # longer than what was taken
        ({"waste": [{"quantity": D("0.1"), "reason": "robo"}]}, "waste"),
        ({"waste": [{"quantity": D("0.1"), "reason": "retazo_corto"}]}, "waste"),  # the system's own reason
        ({"consumption": [{"quantity": D("0")}]}, "consumption"),
        ({"consumption": [{"quantity": "mucho"}]}, "consumption"),
        ({"consumption": [], "waste": []}, "consumption"),
        ({"products": [{"quantity": 0}]}, "products"),
        ({"products": [{"width_cm": D("30")}]}, "products"),  # the products' own rule, named by the list
    ],
)
def test_malformed_lines_are_a_400_by_list_and_write_nothing(overrides, field):
    moulding = moulding_with_stock()
    order = production_order_factory()
    for lines in overrides.values():
        for line in lines:
            if "quantity" in line or "length" in line:
                line.setdefault("material", moulding)
    with pytest.raises(ApplicationError) as refused:
        register_frame(order, moulding, **overrides)
    assert refused.value.status_code == 400 and field in refused.value.errors, refused.value.errors
    assert not StockMovement.objects.filter(reference=order.number).exists()


def test_offcuts_come_only_from_moulding():
    paper = material_with_stock()
    order = production_order_factory()
    with pytest.raises(ApplicationError) as refused:
        production_register(
            order=order,
            consumption=[{"material": paper, "quantity": D("2")}],
            offcuts=[{"material": paper, "length": D("1")}],
        )
    assert "offcuts" in refused.value.errors


# --- Waste alert and efficiency -----------------------------------------------------------------------------


def test_waste_above_the_threshold_raises_one_merma_alert_about_the_order():
    moulding = moulding_with_stock(metres="10")
    calm, wasteful = production_order_factory(), production_order_factory()
    register_frame(calm, moulding, offcuts=[])  # 0.1 of 2.5 + 0.1: 3.8 %
    assert not Alert.objects.filter(alert_type="MERMA").exists()
    register_frame(wasteful, moulding, waste=[{"material": moulding, "quantity": D("1"), "reason": "rotura"}])
    alert = Alert.objects.get(alert_type="MERMA")
    assert alert.link_id == wasteful.pk and wasteful.number in alert.description


def test_the_threshold_is_a_setting():
    settings_update(values={WASTE_THRESHOLD: "1"})
    moulding = moulding_with_stock(metres="10")
    register_frame(production_order_factory(), moulding, offcuts=[])
    assert Alert.objects.filter(alert_type="MERMA").count() == 1


def test_order_efficiency_gives_used_waste_percent_and_cost_per_product():
    moulding = moulding_with_stock(metres="10", cost="2.00")
    order = production_order_factory()
    register_frame(order, moulding, products=[{"quantity": 2}])
    figures = order_efficiency(production_order_list().get(pk=order.pk))
    [row] = figures["materials"]
    # taken 2.5 (+0.1 waste); back 0.4; short offcut 0.1 is waste → used 2.0, waste 0.2
    assert (row["used"], row["returned"], row["waste"], row["waste_percent"]) == (
        D("2.000"),
        D("0.400"),
        D("0.200"),
        D("9.1"),
    )
    assert (figures["material_cost"], figures["waste_cost"], figures["products"]) == (D("4.40"), D("0.40"), 2)
    assert figures["cost_per_product"] == D("2.20") and figures["waste_percent"] == D("9.1")


def test_efficiency_by_material_and_by_period_sum_the_completed_orders():
    moulding = moulding_with_stock(metres="20", cost="2.00")
    for _ in range(2):
        register_frame(production_order_factory(), moulding)
    production_order_factory()  # planned: not counted
    [row] = [r for r in efficiency_by_material() if r["material"] == moulding.pk]
    assert (row["orders"], row["used"], row["waste"], row["material_cost"]) == (2, D("4.000"), D("0.400"), D("8.80"))
    [month] = efficiency_by_period(date_from=timezone.localdate(), date_to=timezone.localdate())
    assert (month["orders"], month["products"], month["material_cost"]) == (2, 2, D("8.80"))
    assert month["cost_per_product"] == D("4.40") and month["waste_percent_value"] == D("9.1")
    assert efficiency_by_period(date_to=timezone.localdate() - timedelta(days=40)) == []


def test_the_list_and_its_figures_run_a_fixed_number_of_queries(django_assert_max_num_queries):
    moulding = moulding_with_stock(metres="50")
    register_frame(production_order_factory(moulding=moulding, width_cm=D("20"), height_cm=D("30")), moulding)
    with django_assert_max_num_queries(10) as few:
        for order in production_order_list():
            order_efficiency(order)
    for _ in range(5):
        register_frame(production_order_factory(moulding=moulding, width_cm=D("20"), height_cm=D("30")), moulding)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert [order_efficiency(order)["products"] for order in production_order_list()] == [1] * 6
    assert ProductionOrder.objects.count() == 6
