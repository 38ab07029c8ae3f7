from decimal import Decimal

from django.test import RequestFactory
from django_tenants.utils import schema_context

from fotostudio.core.links import link_kind
from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role
from modules.inventory.dashboard import inventory_section
from modules.inventory.demo import MATERIALS, seed_demo_inventory
from modules.inventory.models import Material, MaterialCategory, MovementKind, StockMovement
from modules.inventory.selectors import ledger_balance, low_stock_materials
from modules.inventory.services import stock_move
from modules.inventory.tests.factories import MaterialFactory


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_module_is_for_photo_studios_and_materials_can_be_linked(tenant_a, tenant_agro):
    spec = get_module("inventory")
    assert spec.is_enabled_for(tenant_a) and not spec.is_enabled_for(tenant_agro)
    assert link_kind("material").model is Material


def test_the_demo_has_every_category_with_a_believable_history_and_is_idempotent(home):
    with schema_context(home.schema_name):
        assert seed_demo_inventory(tenant=home) == len(MATERIALS)
        assert seed_demo_inventory(tenant=home) == 0
        assert set(Material.objects.values_list("category", flat=True)) == set(MaterialCategory.values)
        kinds = set(StockMovement.objects.values_list("kind", flat=True))
        assert {MovementKind.OPENING, MovementKind.PURCHASE, MovementKind.CONSUMPTION, MovementKind.WASTE} <= kinds
        assert all(ledger_balance(material) == material.quantity_on_hand for material in Material.objects.all())
        low = {material.sku for material in low_stock_materials()}
        assert {"VAR-DOR-45", "VAR-BLA-35", "PIN-LAC-NOG"} <= low
        assert Material.objects.get(sku="VAR-BLA-35").quantity_on_hand == 0
        first, last = (
            StockMovement.objects.order_by("created_at").values_list("created_at", flat=True)[:1][0],
            (StockMovement.objects.order_by("-created_at").values_list("created_at", flat=True)[0]),
        )
        assert (last - first).days > 150  # six months of history


def test_the_dashboard_shows_value_and_what_to_reorder(home, make_user):
    with schema_context(home.schema_name):
        material = MaterialFactory(minimum_stock=Decimal("10"), name="Papel lustre")
        stock_move(material=material, kind="compra", quantity=4, unit_cost="2")
        section = inventory_section(request_for(make_user(home, Role.MANAGER)))
        assert [card["value"] for card in section["cards"]][0] == 1
        assert section["cards"][1]["value"] == "8,00"
        assert section["tables"][0]["rows"][0][0] == "Papel lustre"
        assert inventory_section(request_for(make_user(home, Role.PHOTOGRAPHER))) is None
