from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.configuration.definitions import numbering_settings
from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class ProductsConfig(AppConfig):
    name = "modules.products"
    label = "products"
    verbose_name = _("Productos terminados")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="products",
        name=_("Productos terminados"),
        icon="inventory_2",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Productos terminados"), "inventory_2", "products.Product"),),
        api_urls="modules.products.api.urls",
        # Selling is a change of the product (change_product); deleting is for managers.
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: ("view", "change", "export"),
            Role.PRODUCTION: ("view", "add", "change"),
            Role.PHOTOGRAPHER: ("view",),
            Role.ACCOUNTING: ("view", "export"),
            Role.READ_ONLY: ("view",),
        },
        dashboard_sections=("modules.products.dashboard.products_section",),
        demo_seeder="modules.products.demo.seed_demo_products",
        settings=(*numbering_settings("producto", label=_("Productos terminados"), prefix="PRD"),),
        order=60,
    )

    def ready(self):
        from fotostudio.core.links import register_link, register_link_holder

        from .models import Product

        # Documents and photos (a photo of the finished frame) may be about a product: "producto" in the API.
        register_link("producto", "products.Product")
        # A product points at where it comes from (a production order or a customer order): what it points at
        # cannot be deleted while it does.
        register_link_holder(Product)
