from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.configuration.definitions import numbering_settings
from fotostudio.core.registry import AlertTypeSpec, ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class OrdersConfig(AppConfig):
    name = "modules.orders"
    label = "orders"
    verbose_name = _("Pedidos")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="orders",
        name=_("Pedidos"),
        icon="receipt_long",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(
            SidebarItem(_("Pedidos"), "receipt_long", "orders.Order"),
            SidebarItem(_("Tipos de servicio"), "category", "orders.ServiceType"),
        ),
        api_urls="modules.orders.api.urls",
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: ("view", "add", "change"),
            Role.PRODUCTION: ("view", "change"),
            Role.PHOTOGRAPHER: ("view",),
            Role.ACCOUNTING: ("view",),
            Role.READ_ONLY: ("view",),
        },
        settings=(*numbering_settings("pedido", label=_("Pedidos"), prefix="PED"),),
        alert_types=(
            AlertTypeSpec(
                "PEDIDO_ATRASADO", _("Pedido atrasado"), link_key="pedido", notify_roles=(Role.MANAGER, Role.PRODUCTION)
            ),
        ),
        dashboard_sections=("modules.orders.dashboard.orders_section",),
        demo_seeder="modules.orders.demo.seed_demo_orders",
        # Derived from the orders by their triggers (models.py, summary.py): the orders' own trail says it all.
        not_audited=("OrderDaySummary", "OrderDeliverySummary", "ClientFirstOrder", "OrderBuyerDay"),
        order=40,
    )

    def ready(self):
        from fotostudio.core.links import register_link

        # Documents and photos may be about an order: "pedido" in the API.
        register_link("pedido", "orders.Order")

        from modules.clients.services import register_delete_blocker

        from .services import client_orders_blocker

        register_delete_blocker(client_orders_blocker)

        # The clients' list filter «Fecha de sus pedidos» (the dashboard's «Clientes activos» link to it).
        from modules.clients.selectors import register_orders_link

        from .selectors import clients_ordered_between

        register_orders_link(self.label, clients_ordered_between)
