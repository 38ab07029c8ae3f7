"""The stock turnover (``rotacion_inventario``) against values worked out by hand from a small ledger.

Paper (its catalogue cost 9.99 never counts; each movement carries its own cost):
  03-02 bought 100 at 0.50 (+50.00); 03-10 consumed 30 (−15.00); 03-12 wasted 10 (−5.00); 04-15 consumed 20
  (−10.00).
Frames (weighted average cost):
  04-01 bought 10 at 1.00 (+10.00); 04-11 bought 10 at 2.00 (+20.00: average 1.50); 04-21 consumed 10 at the
  average (−15.00); 04-26 2 returned to stock at the average (+3.00): 12 left, worth 18.00.
Another business has a purchase and a consumption in March.

The stock's value at the end of each day (the ledger's), added up over the month:
  March (31 days): paper 0 on the 1st, 50 × 8 days (2nd–9th), 35 × 2 (10th–11th), 30 × 20 (12th–31st) = 1070;
  consumed 15 + 5 = 20; turnover 20 / (1070 / 31) = 0.579… → 0.58.
  April (30 days): paper 30 × 14 + 20 × 16 = 740; frames 10 × 10 + 30 × 10 + 15 × 5 + 18 × 5 = 565; 1305 in
  all, an average of 43.50; consumed 10 + 15 = 25; turnover 25 / 43.50 = 0.574… → 0.57.
  February: no stock, no turnover (null). The year to 30 April (120 days): 45 × 120 / 2375 = 2.27.
"""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from modules.inventory.models import MovementKind
from modules.inventory.services import stock_move
from modules.inventory.tests.factories import MaterialFactory
from modules.metrics import selectors
from modules.metrics.models import Measure

BASE = "/api/v1/metrics/"
#: What every request costs before its figures: the schema, the token's user, its permissions (two queries).
BASELINE_QUERIES = 4


def _at(day: date, hour: int = 12):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def ledger(tenant_a, tenant_b):
    d = date
    with schema_context(tenant_a.schema_name):
        paper = MaterialFactory(name="Papel", unit_cost=Decimal("9.99"))
        frames = MaterialFactory(name="Marcos")
        for material, kind, quantity, cost, day in (
            (paper, MovementKind.PURCHASE, "100", "0.50", d(2026, 3, 2)),
            (paper, MovementKind.CONSUMPTION, "30", None, d(2026, 3, 10)),
            (paper, MovementKind.WASTE, "10", None, d(2026, 3, 12)),
            (paper, MovementKind.CONSUMPTION, "20", None, d(2026, 4, 15)),
            (frames, MovementKind.PURCHASE, "10", "1.00", d(2026, 4, 1)),
            (frames, MovementKind.PURCHASE, "10", "2.00", d(2026, 4, 11)),
            (frames, MovementKind.CONSUMPTION, "10", None, d(2026, 4, 21)),
            (frames, MovementKind.RETURN, "2", None, d(2026, 4, 26)),
        ):
            # late in the day: the business's dates count
            stock_move(material=material, kind=kind, quantity=quantity, unit_cost=cost, at=_at(day, 23))
    with schema_context(tenant_b.schema_name):  # another business: never counted
        other = MaterialFactory()
        stock_move(material=other, kind=MovementKind.PURCHASE, quantity="10", unit_cost="5", at=_at(d(2026, 3, 5)))
        stock_move(material=other, kind=MovementKind.CONSUMPTION, quantity="9", at=_at(d(2026, 3, 6)))
    return tenant_a


def test_turnover_by_month_from_the_ledger(ledger, django_assert_num_queries):
    with schema_context(ledger.schema_name):
        selectors.turnover_by_bucket(date(2026, 1, 1), date(2026, 1, 31), "month")  # the schema's search path
        with django_assert_num_queries(1):
            months = selectors.turnover_by_bucket(date(2026, 2, 1), date(2026, 4, 30), "month")
    assert months == {
        date(2026, 2, 1): {"consumed": Decimal("0.00"), "average_stock_value": Decimal("0.00"), "turnover": None},
        date(2026, 3, 1): {
            "consumed": Decimal("20.00"),
            "average_stock_value": Decimal("34.52"),  # 1070 / 31
            "turnover": Decimal("0.58"),
        },
        date(2026, 4, 1): {
            "consumed": Decimal("25.00"),
            "average_stock_value": Decimal("43.50"),  # 1305 / 30
            "turnover": Decimal("0.57"),
        },
    }


def test_a_period_that_starts_mid_month_counts_the_stock_it_starts_with(ledger):
    # 12–31 March: paper worth 30 every day (the movements before the 12th set its opening value), consumed 5
    with schema_context(ledger.schema_name):
        (row,) = selectors.turnover_by_bucket(date(2026, 3, 12), date(2026, 3, 31), "month").values()
    assert row == {"consumed": Decimal("5.00"), "average_stock_value": Decimal("30.00"), "turnover": Decimal("0.17")}
    with schema_context(ledger.schema_name):  # one day: 10–10 March, worth 35 at its end, 15 consumed
        (day,) = selectors.turnover_by_bucket(date(2026, 3, 10), date(2026, 3, 10), "day").values()
    assert day == {"consumed": Decimal("15.00"), "average_stock_value": Decimal("35.00"), "turnover": Decimal("0.43")}


def test_indicators_of_stock_turnover(api, ledger, kpi_in, on_april_30, django_assert_num_queries):
    for name, period in (("Rotación del mes", "mes"), ("Rotación del año", "anio")):
        kpi_in(
            ledger,
            name=name,
            measure=Measure.STOCK_TURNOVER,
            period=period,
            target="1",
            good_threshold="1",
            warning_threshold="0.5",
        )
    api.get(f"{BASE}dashboard/")  # warm the caches (permissions, settings)
    with django_assert_num_queries(BASELINE_QUERIES + 3):  # the indicators, the ledger by month, by year
        rows = api.get(f"{BASE}dashboard/").json()["indicadores"]
    figures = {row["nombre"]: (row["unidad"], row["valor"], row["estado"]) for row in rows}
    assert figures == {
        "Rotación del mes": ("veces", "0.57", "alerta"),
        "Rotación del año": ("veces", "2.27", "bueno"),  # 45 × 120 / 2375
    }


def test_stock_turnover_in_trends_and_comparison(api, ledger, on_april_30):
    trend = api.get(f"{BASE}trends/", {"medida": "rotacion_inventario", "periodos": "2"}).json()
    # February null (left out), March 0.58, April 0.57: averages 0.58 and 0.575 → 0.58
    assert [(p["mes"], p["valor"], p["media_movil"]) for p in trend["puntos"]] == [
        ("2026-03", "0.58", "0.58"),
        ("2026-04", "0.57", "0.58"),
    ]
    assert trend["direccion"] == "estable"
    compared = api.get(
        f"{BASE}comparison/", {"medida": "rotacion_inventario", "periodo": "2026-04", "contra": "2026-03"}
    ).json()
    assert (compared["valor"], compared["valor_contra"], compared["diferencia"], compared["diferencia_pct"]) == (
        "0.57",
        "0.58",
        "-0.01",
        "-1.72",
    )
    empty = api.get(
        f"{BASE}comparison/", {"medida": "rotacion_inventario", "periodo": "2026-02", "contra": "2026-01"}
    ).json()
    assert (empty["valor"], empty["valor_contra"]) == (None, None)  # no stock: no turnover


def test_the_admin_list_shows_the_turnover_in_times(admin_client_for, tenant_a, administrator, ledger, kpi_in):
    kpi_in(ledger, name="Rotación", measure=Measure.STOCK_TURNOVER, good_threshold="1", warning_threshold="0")
    page = admin_client_for(tenant_a, administrator).get("/admin/metrics/kpidefinition/")
    assert page.status_code == 200
    assert "Rotación de inventario" in page.content.decode()
