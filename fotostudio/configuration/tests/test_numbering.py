"""Document numbers: ``number_next(kind)`` gives ``PED-2026-00001``, ``…-00002``… with no gap and no repeat."""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from fotostudio.configuration import catalogue
from fotostudio.configuration.definitions import next_number_key, prefix_key
from fotostudio.configuration.models import NumberSequence, Setting
from fotostudio.configuration.selectors import business_year, setting_value
from fotostudio.configuration.services import number_next, settings_ensure, settings_update
from fotostudio.core.errors import ApplicationError


@pytest.fixture
def in_alpha(tenant_a):
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def test_numbers_carry_prefix_year_and_five_digits(in_alpha, order_kind):
    year = business_year(in_alpha)
    assert [number_next(order_kind) for _ in range(3)] == [f"PED-{year}-0000{n}" for n in (1, 2, 3)]


def test_prefix_digits_and_yearly_numbering_are_settings(in_alpha, order_kind):
    settings_update(
        values={prefix_key(order_kind): "ped", catalogue.NUMBERING_DIGITS: 7, catalogue.NUMBERING_YEARLY: False}
    )
    assert number_next(order_kind) == "PED-0000001"
    settings_update(values={prefix_key(order_kind): "ORD"})
    assert number_next(order_kind) == "ORD-0000002"


def test_a_new_year_starts_the_series_again(in_alpha, order_kind):
    number_next(order_kind)
    number_next(order_kind)
    NumberSequence.objects.filter(kind=order_kind).update(year=business_year(in_alpha) - 1)
    assert setting_value(next_number_key(order_kind)) == 1
    assert number_next(order_kind) == f"PED-{business_year(in_alpha)}-00001"


def test_without_yearly_numbering_a_new_year_goes_on(in_alpha, order_kind):
    settings_update(values={catalogue.NUMBERING_YEARLY: False})
    number_next(order_kind)
    NumberSequence.objects.filter(kind=order_kind).update(year=business_year(in_alpha) - 1)
    assert number_next(order_kind) == "PED-00002"


def test_the_next_number_can_be_moved_forward_but_never_back(in_alpha, order_kind):
    settings_update(values={next_number_key(order_kind): 1532})  # going on from the studio's old system
    assert number_next(order_kind).endswith("-01532")
    assert setting_value(next_number_key(order_kind)) == 1533
    with pytest.raises(ApplicationError) as refused:
        settings_update(values={next_number_key(order_kind): 1532})
    assert refused.value.code == "setting_number_behind"
    assert refused.value.errors == {
        next_number_key(order_kind): ["Ya se emitió el número 1532: el siguiente debe ser mayor."]
    }


def test_a_number_not_used_is_given_again(in_alpha, order_kind):
    """Gap-free: the number is taken in the caller's transaction; if the document is not saved, nor is the number."""
    first = number_next(order_kind)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_next(order_kind).endswith("-00002")
        raise RuntimeError("the order could not be saved")
    assert number_next(order_kind).endswith("-00002")
    assert first.endswith("-00001")


def test_an_unknown_kind_is_a_programming_error(in_alpha):
    with pytest.raises(LookupError):
        number_next("factura_de_prueba")  # no module declares it


def test_a_kind_gets_its_setting_rows_and_the_api_moves_its_next_number(api_client, tenant_a, admin_a, order_kind):
    with schema_context(tenant_a.schema_name):
        settings_ensure()
        handle = Setting.objects.get(key=next_number_key(order_kind))
    assert handle.value is None  # the counter is the number's only home
    client = api_client(tenant_a, admin_a)
    assert client.get(f"/api/config/{handle.pk}/").json()["valor"] == 1
    response = client.put(f"/api/config/{handle.pk}/", {"valor": 20}, format="json")
    assert response.status_code == 200 and response.json()["valor"] == 20
    with schema_context(tenant_a.schema_name):
        assert number_next(order_kind).endswith("-00020")
    refused = client.put(f"/api/config/{handle.pk}/", {"valor": 5}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Ya se emitió el número 20: el siguiente debe ser mayor.",
        "code": "setting_number_behind",
        "errors": {"valor": ["Ya se emitió el número 20: el siguiente debe ser mayor."]},
    }


def test_twenty_simultaneous_numbers_are_consecutive_and_distinct(concurrently, tenant_a, order_kind):
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind=order_kind).delete())
    numbers = concurrently.run(20, lambda index: number_next(order_kind), tenant=tenant_a)
    assert all(isinstance(number, str) for number in numbers), numbers
    year = business_year(tenant_a)
    assert sorted(numbers) == [f"PED-{year}-{n:05d}" for n in range(1, 21)]
    sequence = concurrently.once(lambda: NumberSequence.objects.get(kind=order_kind), tenant=tenant_a)
    assert (sequence.last_number, sequence.next_number) == (20, 21)
