"""The demo business's own data: its legal name, RUC, address and contacts (idempotent)."""

from fotostudio.core.documents import make_company_ruc

from . import catalogue
from .selectors import setting_value
from .services import settings_update


def seed_demo_settings(*, tenant, password: str) -> list[str]:
    if setting_value(catalogue.BUSINESS_LEGAL_NAME):
        return []
    return settings_update(
        values={
            catalogue.BUSINESS_LEGAL_NAME: f"{tenant.name} S.A.",
            catalogue.BUSINESS_TRADE_NAME: tenant.name,
            catalogue.BUSINESS_RUC: make_company_ruc(province=17, serial=4242),
            catalogue.BUSINESS_ADDRESS: "Av. 6 de Diciembre N34-120 y Portugal, Quito",
            catalogue.BUSINESS_PHONE: "02 245 6789",
            catalogue.BUSINESS_EMAIL: f"info@{tenant.schema_name}.example.com",
        }
    )
