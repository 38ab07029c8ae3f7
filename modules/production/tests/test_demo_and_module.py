"""The module's declarations (who gets it, links, alert type, settings) and its demo data."""

from decimal import Decimal

from django_tenants.utils import schema_context

from fotostudio.alerts.models import Alert
from fotostudio.core import links
from fotostudio.core.registry import get_module
from modules.inventory.models import MovementKind, StockMovement
from modules.inventory.selectors import ledger_balance
from modules.production.demo import PLANS, seed_demo_production
from modules.production.models import EntryKind, ProductionEntry, ProductionOrder, ProductionStatus
from modules.production.selectors import products_of
from modules.production.tests.factories import material_with_stock, moulding_with_stock


def test_the_module_is_for_studios_and_declares_its_link_alert_and_settings(tenant_a, tenant_agro):
    spec = get_module("production")
    assert spec.is_enabled_for(tenant_a) and not spec.is_enabled_for(tenant_agro)
    assert links.link_kind("produccion").model_label == "production.ProductionOrder"
    assert [alert.code for alert in spec.alert_types] == ["MERMA"]
    keys = {definition.key for definition in spec.settings}
    assert {"produccion.margen_inglete_cm", "produccion.retazo_minimo_m", "produccion.umbral_merma_porcentaje"} <= keys


def test_the_demo_has_orders_in_every_status_registered_ones_with_waste_and_offcuts_and_is_idempotent(home):
    with schema_context(home.schema_name):
        for sku in ("VAR-NEG-20", "VAR-NOG-30"):
            moulding = moulding_with_stock(metres="40", cost="3.00")
            moulding.sku = sku
            moulding.save(update_fields=["sku"])
        for sku in ("DIS-OPA-A3", "DIS-PAS-BLA"):
            sheet = material_with_stock(quantity="50")
            sheet.sku = sku
            sheet.save(update_fields=["sku"])
        assert seed_demo_production(tenant=home) == len(PLANS)
        assert seed_demo_production(tenant=home) == 0
        assert set(ProductionOrder.objects.values_list("status", flat=True)) == set(ProductionStatus.values)
        completed = ProductionOrder.objects.filter(status=ProductionStatus.COMPLETED)
        kinds = set(ProductionEntry.objects.filter(order__in=completed).values_list("kind", "reason"))
        assert {(EntryKind.CONSUMPTION, ""), (EntryKind.OFFCUT, ""), (EntryKind.WASTE, "retazo_corto")} <= kinds
        assert all(products_of(order.pk).exists() for order in completed)
        assert {MovementKind.CONSUMPTION, MovementKind.WASTE, MovementKind.OFFCUT} <= set(
            StockMovement.objects.filter(reference__startswith="OP-").values_list("kind", flat=True)
        )
        moulding = StockMovement.objects.filter(kind=MovementKind.OFFCUT).first().material
        assert ledger_balance(moulding) == moulding.quantity_on_hand < Decimal("40")
        assert Alert.objects.filter(alert_type="MERMA").count() == 1  # the gift frame that broke
