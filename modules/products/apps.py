from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

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
        # Actions: "view", "add", "change", "delete", "export" (download the list: needs the model's
        # export permission, declared in models.py), or "*" for all of them.
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.READ_ONLY: ("view",),
        },
    )
