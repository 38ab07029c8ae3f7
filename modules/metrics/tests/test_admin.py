"""The indicators in the admin: the list with each one's current value and state, the form and its refusals."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from modules.metrics.models import KpiDefinition
from modules.orders.tests.factories import OrderFactory

CHANGELIST = "/admin/metrics/kpidefinition/"
FORM = {
    "name": "Ventas del mes",
    "measure": "ingresos",
    "period": "mes",
    "is_active": "on",
    "target": "100",
    "direction": "mayor_mejor",
    "good_threshold": "100",
    "warning_threshold": "50",
    "notes": "",
}


@pytest.fixture
def sales_this_month(home):
    with schema_context(home.schema_name):
        OrderFactory(order_date=timezone.localdate().replace(day=1), total=Decimal("80.00"))


def test_the_list_shows_the_current_value_and_state(admin_client_for, home, administrator, kpi_in, sales_this_month):
    kpi_in(home, name="Ventas", measure="ingresos", target="100", good_threshold="100", warning_threshold="50")
    kpi_in(home, name="Pedidos", measure="pedidos", target="5", good_threshold="5", warning_threshold="3")
    page = admin_client_for(home, administrator).get(CHANGELIST).content.decode()
    assert "Valor actual" in page and "Situación" in page
    values = re.findall(r"field-current_value[^>]*>\s*([^<]*?)\s*<", page)
    assert sorted(values) == ["1", "80,00"]  # 1 order (a count); 80 of revenue (the admin's number format)
    assert "Alerta" in page and "Malo" in page  # 80 of 100, warning from 50; 1 order, bad below 3


def test_the_list_runs_a_fixed_number_of_queries(admin_client_for, home, administrator, kpi_in, sales_this_month):
    browser = admin_client_for(home, administrator)
    kpi_in(home, measure="ingresos")
    kpi_in(home, measure="clientes_nuevos")
    browser.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        assert browser.get(CHANGELIST).status_code == 200
    for _number in range(8):
        kpi_in(home, measure="ingresos")
        kpi_in(home, measure="clientes_nuevos")
    with CaptureQueriesContext(connection) as many:
        assert browser.get(CHANGELIST).status_code == 200
    assert len(many) == len(few)


def test_the_form_adds_through_the_service_and_shows_its_refusal_on_the_field(admin_client_for, home, administrator):
    browser = admin_client_for(home, administrator)
    form = browser.get(f"{CHANGELIST}add/").content.decode()
    for label in ("Medida", "Periodo", "Meta", "Sentido", "Umbral bueno", "Umbral de alerta"):
        assert label in form, label
    refused = browser.post(f"{CHANGELIST}add/", {**FORM, "warning_threshold": "150"})
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert "umbral de alerta no puede superar" in " ".join(errors["warning_threshold"])
    assert browser.post(f"{CHANGELIST}add/", FORM).status_code == 302
    with schema_context(home.schema_name):
        kpi = KpiDefinition.objects.get()
    assert (kpi.name, kpi.target, kpi.created_by_id) == ("Ventas del mes", Decimal("100"), administrator.pk)


def test_the_demo_indicators_are_valid_and_seeded_once(home):
    from modules.metrics.demo import INDICATORS, seed_demo_metrics
    from modules.metrics.selectors import kpi_dashboard

    with schema_context(home.schema_name):
        assert seed_demo_metrics(tenant=home) == len(INDICATORS)
        assert seed_demo_metrics(tenant=home) == 0
        measures = {row["kpi"].measure for row in kpi_dashboard()}
    assert measures == {indicator[1] for indicator in INDICATORS}
