"""Alert types come from the modules a business has; their declarations are checked at start-up."""

from django_tenants.utils import schema_context

from fotostudio.alerts.checks import check_alert_types
from fotostudio.alerts.types import alert_types_for
from fotostudio.core.links import documenting
from fotostudio.core.registry import AlertTypeSpec


def test_an_agro_business_has_the_four_agro_types_and_a_studio_none(tenant_agro, tenant_a):
    with schema_context(tenant_agro.schema_name):
        assert list(alert_types_for(tenant_agro)) == ["CALIDAD", "LOGISTICA", "PROCESAMIENTO", "SINCRONIZACION"]
    assert not set(alert_types_for(tenant_a)) & {"CALIDAD", "LOGISTICA", "PROCESAMIENTO", "SINCRONIZACION"}


def test_a_studio_gets_the_types_of_its_modules(tenant_a, tenant_agro, client_alert_type):
    assert "CLIENTE_REVISAR" in alert_types_for(tenant_a)
    assert {"STOCK_BAJO", "PEDIDO_ATRASADO", "CONTRATO_POR_VENCER"} <= set(alert_types_for(tenant_a))  # the studio's
    assert "CLIENTE_REVISAR" not in alert_types_for(tenant_agro)  # the clients module is the studio's


def test_the_published_documents_follow_the_vertical(client_alert_type):
    with documenting("agro_traceability"):
        assert "CALIDAD" in alert_types_for() and "CLIENTE_REVISAR" not in alert_types_for()
    with documenting("photo_studio"):
        assert "CLIENTE_REVISAR" in alert_types_for() and "CALIDAD" not in alert_types_for()


def test_the_declarations_are_valid():
    assert check_alert_types() == []


def test_bad_declarations_are_reported(replace_module_spec):
    replace_module_spec(
        "clients",
        alert_types=(
            AlertTypeSpec("stock bajo", "Stock bajo"),
            AlertTypeSpec("SIN_ETIQUETA", ""),
            AlertTypeSpec("MATERIAL", "Material", link_key="material_inexistente"),
            AlertTypeSpec("RARO", "Raro", business_types=frozenset({"panaderia"})),
            "CALIDAD",
        ),
    )
    replace_module_spec("documents", alert_types=(AlertTypeSpec("DUPLICADO", "Uno"),))
    replace_module_spec("jobs", alert_types=(AlertTypeSpec("DUPLICADO", "Otro"),))
    ids = sorted(error.id for error in check_alert_types())
    assert ids == [
        "alerts.E001",
        "alerts.E002",
        "alerts.E003",
        "alerts.E004",
        "alerts.E005",
        "alerts.E006",
        "alerts.E006",
    ]
