from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import AlertTypeSpec, ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class InventoryConfig(AppConfig):
    name = "modules.inventory"
    label = "inventory"
    verbose_name = _("Inventario")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="inventory",
        name=_("Inventario"),
        icon="inventory_2",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(
            SidebarItem(_("Materiales"), "inventory_2", "inventory.Material"),
            SidebarItem(_("Movimientos de inventario"), "swap_vert", "inventory.StockMovement"),
        ),
        api_urls="modules.inventory.api.urls",
        # Actions: "view", "add", "change", "delete", "export", or "*". They apply to materials and
        # movements alike; movements are never changed or deleted (the database refuses it).
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.PRODUCTION: ("view", "add", "change", "export"),
            Role.SALES: ("view",),
            Role.ACCOUNTING: ("view", "export"),
            Role.READ_ONLY: ("view",),
        },
        alert_types=(
            AlertTypeSpec(
                "STOCK_BAJO", _("Stock bajo"), link_key="material", notify_roles=(Role.MANAGER, Role.PRODUCTION)
            ),
        ),
        dashboard_sections=("modules.inventory.dashboard.inventory_section",),
        demo_seeder="modules.inventory.demo.seed_demo_inventory",
        order=40,
        # The ledger is append-only (a trigger refuses UPDATE and DELETE) and records who and when itself.
        not_audited=("StockMovement",),
    )

    def ready(self):
        from fotostudio.core.links import register_link

        # Documents and photos (and later alerts) may be about a material: "material" in the API.
        register_link("material", "inventory.Material")
