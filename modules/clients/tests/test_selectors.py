import uuid

import pytest
from django_tenants.utils import schema_context

from fotostudio.core.errors import ApplicationError
from modules.clients.selectors import client_get, client_list, client_search, school_list
from modules.clients.tests.factories import ClientFactory, SchoolFactory


@pytest.fixture
def in_a(tenant_a):
    with schema_context(tenant_a.schema_name):
        yield tenant_a


def test_client_list_applies_the_same_filters_as_the_api(in_a):
    ClientFactory(name="Ana Pérez", city="Quito")
    SchoolFactory(name="Colegio Pérez", city="Quito")
    SchoolFactory(name="Colegio Andrade", city="Cuenca")
    names = [c.name for c in client_list(filters={"ciudad": "quito", "search": "perez", "ordering": "-nombre"})]
    assert names == ["Colegio Pérez", "Ana Pérez"]
    assert [c.name for c in school_list(filters={"ciudad": "Cuenca"})] == ["Colegio Andrade"]
    assert [c.name for c in client_list()] == ["Ana Pérez", "Colegio Andrade", "Colegio Pérez"]


def test_client_list_refuses_bad_filters(in_a):
    with pytest.raises(ApplicationError) as caught:
        client_list(filters={"tipo": "empresa"})
    assert "tipo" in caught.value.errors


def test_search_ignores_punctuation_only_words(in_a):
    ClientFactory(name="Ana Pérez")
    assert client_search(client_list(), " - . ").count() == 1


def test_client_get(in_a):
    client = ClientFactory()
    assert client_get(client_id=client.pk) == client
    assert client_get(client_id=uuid.uuid4()) is None
