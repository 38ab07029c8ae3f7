from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class ClientsConfig(AppConfig):
    name = "modules.clients"
    label = "clients"
    verbose_name = _("Clientes")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="clients",
        name=_("Clientes"),
        icon="groups",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Clientes y colegios"), "groups", "clients.Client"),),
        api_urls="modules.clients.api.urls",
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: ("view", "add", "change", "export"),
            Role.PHOTOGRAPHER: ("view",),
            Role.PRODUCTION: ("view",),
            Role.ACCOUNTING: ("view", "export"),
            Role.READ_ONLY: ("view",),
        },
        dashboard_sections=("modules.clients.dashboard.clients_section",),
        demo_seeder="modules.clients.demo.seed_demo_clients",
        order=30,
        # Derived from the clients by their triggers (models.py, counters.py): the clients' own trail says it all.
        not_audited=("ClientCount",),
    )

    def ready(self):
        from fotostudio.core.links import register_link

        # Documents and photos (and later alerts, notifications…) may be about a client: "cliente" in the API.
        register_link("cliente", "clients.Client")
