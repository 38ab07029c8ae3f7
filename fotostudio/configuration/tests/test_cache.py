"""The cached settings: no SQL once warm, one cache per business, fresh for every connection after a change."""

from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from fotostudio.configuration import cache, catalogue
from fotostudio.configuration.selectors import maintenance_active, money_round, setting_value, settings_values
from fotostudio.configuration.services import settings_update

IVA = catalogue.IVA_RATE


def test_reading_settings_once_warm_runs_no_query(tenant_a, django_assert_num_queries):
    with schema_context(tenant_a.schema_name):
        setting_value(IVA)  # warm: the business (tenant cache) and its settings
        with django_assert_num_queries(0):
            assert setting_value(IVA) == Decimal("15.00")
            assert setting_value(catalogue.TIMEZONE) == "America/Guayaquil"
            assert setting_value(catalogue.CONTRACT_EXPIRY_DAYS) == 30
            assert maintenance_active() is False
            assert money_round("10.125") == Decimal("10.13")
            assert settings_values(group="moneda")[catalogue.CURRENCY] == "USD"


def test_the_cache_keys_carry_the_business(tenant_a):
    with schema_context(tenant_a.schema_name):
        setting_value(IVA)
        generation = django_cache.get(cache._GENERATION_KEY)
        full_key = django_cache.make_key(f"configuration:snapshot:{generation}")
    assert full_key.startswith("alpha:")  # django_tenants.cache.make_key: the schema first


def test_a_committed_change_reaches_every_connection_and_only_its_business(concurrently, tenant_a, tenant_b):
    concurrently.cleanup(tenant_a, lambda: settings_update(values={IVA: "15.00"}))

    def read_warm():
        setting_value(IVA)
        with CaptureQueriesContext(connection) as queries:
            value = setting_value(IVA)
        return value, len(queries)

    assert concurrently.once(read_warm, tenant=tenant_a) == (Decimal("15.00"), 0)
    assert concurrently.once(read_warm, tenant=tenant_b) == (Decimal("15.00"), 0)
    concurrently.once(lambda: settings_update(values={IVA: "12"}), tenant=tenant_a)
    assert concurrently.once(read_warm, tenant=tenant_a) == (Decimal("12.00"), 0)
    assert concurrently.once(read_warm, tenant=tenant_b) == (Decimal("15.00"), 0)


def test_a_snapshot_read_before_a_change_is_never_served_after_it(concurrently, tenant_a):
    """A slow process read the rows, another committed a change, then the slow one cached what it read."""
    concurrently.cleanup(tenant_a, lambda: settings_update(values={IVA: "15.00"}))

    def read_then_store_late(change):
        generation, stale = cache._generation(), cache._load()
        change()
        django_cache.set(f"configuration:snapshot:{generation}", stale)
        return setting_value(IVA)

    def change():
        concurrently.once(lambda: settings_update(values={IVA: "8"}), tenant=tenant_a)

    assert concurrently.once(lambda: read_then_store_late(change), tenant=tenant_a) == Decimal("8.00")


def test_a_cache_that_lost_the_generation_starts_a_new_one(tenant_a):
    with schema_context(tenant_a.schema_name):
        setting_value(IVA)
        before = django_cache.get(cache._GENERATION_KEY)
        django_cache.delete(cache._GENERATION_KEY)
        setting_value(IVA)
        assert django_cache.get(cache._GENERATION_KEY) > before


def test_inside_the_changing_transaction_the_new_value_is_read_and_a_rollback_leaves_the_old(tenant_a):
    with schema_context(tenant_a.schema_name):
        setting_value(IVA)
        with pytest.raises(RuntimeError), transaction.atomic():
            settings_update(values={IVA: "9"})
            assert setting_value(IVA) == Decimal("9.00")  # read from the database, not cached
            raise RuntimeError("the caller's work failed")
        assert setting_value(IVA) == Decimal("15.00")
        assert setting_value(IVA) == Decimal("15.00")  # and what is cached now is the committed value
