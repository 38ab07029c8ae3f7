from decimal import Decimal

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.configuration.definitions import SettingDefinition, SettingGroup, SettingType, numbering_settings
from fotostudio.core.registry import AlertTypeSpec, ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType

#: The module's settings (read with ``fotostudio.configuration.selectors.setting_value``).
MITRE_ALLOWANCE = "produccion.margen_inglete_cm"
MIN_OFFCUT = "produccion.retazo_minimo_m"
WASTE_THRESHOLD = "produccion.umbral_merma_porcentaje"


class ProductionConfig(AppConfig):
    name = "modules.production"
    label = "production"
    verbose_name = _("Producción")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="production",
        name=_("Producción"),
        icon="precision_manufacturing",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(SidebarItem(_("Órdenes de producción"), "precision_manufacturing", "production.ProductionOrder"),),
        api_urls="modules.production.api.urls",
        # The workshop plans, runs and registers its orders; registering also needs to add products (the
        # products module grants it to Producción). Nobody deletes an order: it is cancelled. Photographers
        # read them: their dashboard shows the agenda and production.
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.PRODUCTION: ("view", "add", "change"),
            Role.SALES: ("view",),
            Role.PHOTOGRAPHER: ("view",),
            Role.ACCOUNTING: ("view", "export"),
            Role.READ_ONLY: ("view",),
        },
        setting_groups=(
            SettingGroup(
                "produccion",
                _("Producción"),
                _("Cómo se calcula la moldura de un marco, qué retazo vuelve al stock y cuándo avisa la merma."),
                icon="precision_manufacturing",
                order=45,
            ),
        ),
        settings=(
            *numbering_settings("produccion", label=_("Órdenes de producción"), prefix="OP"),
            SettingDefinition(
                MITRE_ALLOWANCE,
                SettingType.DECIMAL,
                default=Decimal("5.0"),
                min_value=Decimal("0"),
                max_value=Decimal("50"),
                decimal_places=1,
                label=_("Margen por inglete (cm)"),
                help=_(
                    "Moldura de más por cada uno de los 4 cortes en inglete de un marco: la necesaria es el "
                    "perímetro más 4 veces este margen."
                ),
            ),
            SettingDefinition(
                MIN_OFFCUT,
                SettingType.DECIMAL,
                default=Decimal("0.30"),
                min_value=Decimal("0"),
                max_value=Decimal("10"),
                decimal_places=2,
                label=_("Largo mínimo de un retazo aprovechable (m)"),
                help=_("Un retazo de moldura de este largo o más vuelve al stock; uno más corto cuenta como merma."),
            ),
            SettingDefinition(
                WASTE_THRESHOLD,
                SettingType.DECIMAL,
                default=Decimal("15"),
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                decimal_places=1,
                label=_("Umbral de merma (%)"),
                help=_(
                    "Si la merma de un material en una orden supera este porcentaje de lo que se usó, se levanta "
                    "una alerta de merma."
                ),
            ),
        ),
        alert_types=(
            AlertTypeSpec(
                "MERMA", _("Merma alta"), link_key="produccion", notify_roles=(Role.MANAGER, Role.PRODUCTION)
            ),
        ),
        dashboard_sections=("modules.production.dashboard.production_section",),
        demo_seeder="modules.production.demo.seed_demo_production",
        order=50,
    )

    def ready(self):
        from fotostudio.core.links import register_link

        # Products point at the order that made them; documents, photos and alerts may be about one too.
        register_link("produccion", "production.ProductionOrder")
