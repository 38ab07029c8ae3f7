from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.configuration.definitions import numbering_settings
from fotostudio.core.registry import AlertTypeSpec, ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class ContractsConfig(AppConfig):
    name = "modules.contracts"
    label = "contracts"
    verbose_name = _("Contratos con colegios")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="contracts",
        name=_("Contratos con colegios"),
        icon="handshake",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Contratos con colegios"), "handshake", "contracts.Contract"),),
        api_urls="modules.contracts.api.urls",
        # The days before expiry that count as "por vencer" are the platform's alerts setting
        # (alertas.dias_vencimiento_contrato, «Alertas» page): it is not declared twice here.
        settings=(*numbering_settings("contrato", label=_("Contratos"), prefix="CON"),),
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: ("view", "add", "change", "export"),
            Role.ACCOUNTING: ("view", "export"),
            Role.PHOTOGRAPHER: ("view",),
            Role.PRODUCTION: ("view",),
            Role.READ_ONLY: ("view",),
        },
        alert_types=(
            AlertTypeSpec(
                "CONTRATO_POR_VENCER",
                _("Contrato por vencer"),
                link_key="contrato",
                notify_roles=(Role.MANAGER, Role.SALES),
            ),
        ),
        dashboard_sections=("modules.contracts.dashboard.contracts_section",),
        demo_seeder="modules.contracts.demo.seed_demo_contracts",
        order=45,
    )

    def ready(self):
        from fotostudio.core.links import register_link

        # The signed contract and other papers are documents about the contract: "contrato" in the API.
        register_link("contrato", "contracts.Contract")

        # An order's contract is this module's ContractOrder; the orders API and admin show and set it
        # through this hook (the orders module cannot import this one).
        from modules.orders.contract_hook import ContractHook, register_contract_hook

        from . import selectors, services

        register_contract_hook(
            ContractHook(
                key="contrato",
                annotate=selectors.order_contract_annotations,
                filter=selectors.orders_of_contract,
                current=selectors.order_contract_id,
                assign=services.order_contract_set,
                choices=selectors.order_contract_choices,
            )
        )
