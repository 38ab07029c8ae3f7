"""The services' other rules: rows for the required settings, settings per module, rounding, races."""

from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from conftest import first_admin
from fotostudio.configuration import catalogue
from fotostudio.configuration.definitions import numbering_settings
from fotostudio.configuration.demo import seed_demo_settings
from fotostudio.configuration.models import Setting
from fotostudio.configuration.registry import setting_definitions
from fotostudio.configuration.selectors import money_round, setting_value
from fotostudio.configuration.services import settings_ensure, settings_update
from fotostudio.core.errors import ApplicationError


def test_every_business_has_a_row_for_each_required_setting(tenant_a, tenant_agro):
    for tenant in (tenant_a, tenant_agro):
        with schema_context(tenant.schema_name):
            required = {d.key for d in setting_definitions(tenant) if d.required}
            assert required <= set(Setting.objects.values_list("key", flat=True))
            assert settings_ensure() == 0  # made by the migration; idempotent


def test_a_missing_row_is_made_again_with_its_default(tenant_a):
    with schema_context(tenant_a.schema_name):
        Setting.objects.filter(key=catalogue.CONTRACT_EXPIRY_DAYS).delete()
        assert settings_ensure() == 1
        assert Setting.objects.get(key=catalogue.CONTRACT_EXPIRY_DAYS).value == 30


def test_a_module_setting_applies_only_to_businesses_that_have_the_module(tenant_a, tenant_agro, replace_module_spec):
    replace_module_spec("clients", settings=numbering_settings("pedido", label=_("Pedidos"), prefix="PED"))
    with schema_context(tenant_a.schema_name):
        assert setting_value("numeracion.pedido.prefijo") == "PED"
    with schema_context(tenant_agro.schema_name):
        with pytest.raises(LookupError):
            setting_value("numeracion.pedido.prefijo")
        with pytest.raises(ApplicationError) as refused:
            settings_update(values={"numeracion.pedido.prefijo": "X"})
        assert refused.value.code == "setting_unknown"


def test_money_is_rounded_as_the_business_says(tenant_a):
    with schema_context(tenant_a.schema_name):
        assert money_round("2.345") == Decimal("2.35")
        settings_update(values={catalogue.MONEY_ROUNDING: catalogue.ROUND_HALF_EVEN, catalogue.MONEY_DECIMALS: 1})
        assert money_round("2.25") == Decimal("2.2")
        assert money_round(3) == Decimal("3.0")


def test_several_settings_are_changed_all_or_none(tenant_a):
    with schema_context(tenant_a.schema_name):
        with pytest.raises(ApplicationError) as refused:
            settings_update(values={catalogue.IVA_RATE: "12", catalogue.CONTRACT_EXPIRY_DAYS: 0, "moneda.bitcoin": 1})
        assert set(refused.value.errors) == {catalogue.CONTRACT_EXPIRY_DAYS, "moneda.bitcoin"}
        assert setting_value(catalogue.IVA_RATE) == Decimal("15.00")
        assert settings_update(values={catalogue.IVA_RATE: "12", catalogue.CURRENCY: "USD"}) == [catalogue.IVA_RATE]


def test_ten_simultaneous_first_values_of_one_setting_make_one_row(concurrently, tenant_a, api_client):
    concurrently.cleanup(tenant_a, lambda: Setting.objects.filter(key=catalogue.BUSINESS_TRADE_NAME).delete())
    admin = first_admin(tenant_a)

    def give_a_value(index):
        body = {"clave": catalogue.BUSINESS_TRADE_NAME, "valor": f"Estudio {index}"}
        return api_client(tenant_a, admin).post("/api/config/", body, format="json")

    responses = concurrently.run(10, give_a_value, tenant=tenant_a)
    assert sorted(response.status_code for response in responses) == [201] + [409] * 9
    assert {response.json()["code"] for response in responses if response.status_code == 409} == {"setting_duplicate"}


def test_the_demo_business_gets_its_legal_data_once(tenant_b):
    with schema_context(tenant_b.schema_name):
        written = seed_demo_settings(tenant=tenant_b, password="")
        assert catalogue.BUSINESS_RUC in written
        assert setting_value(catalogue.BUSINESS_LEGAL_NAME) == "Estudio Beta S.A."
        assert seed_demo_settings(tenant=tenant_b, password="") == []
