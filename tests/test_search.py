"""Searches are bounded: every word is one condition of one query, and the words and the length are limited,
in the API and in the admin alike (16,000 words once took 26 s)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from fotostudio.core.search import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, SearchTooLong, search_words, word_search
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory

LIST = "/api/v1/clients/"
CHANGELIST = "/admin/clients/client/"


def test_words_are_folded_deduplicated_and_trimmed():
    assert search_words("  José (099) José  ÑUÑEZ- ") == ["jose", "099", "nunez"]


@pytest.mark.parametrize(
    "text",
    [" ".join(f"p{n}" for n in range(MAX_SEARCH_WORDS + 1)), "x" * (MAX_SEARCH_LENGTH + 1), "palabra " * 16_000],
    ids=["too-many-words", "too-long", "sixteen-thousand-words"],
)
def test_a_search_over_the_limits_is_a_400_in_the_api(api_client, tenant_a, make_user, text):
    response = api_client(tenant_a, make_user(tenant_a, "Administrador")).get(LIST, {"search": text})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "search_too_long" and body["errors"]["search"]


def test_the_most_words_allowed_are_one_query(tenant_a):
    with schema_context(tenant_a.schema_name):
        ClientFactory(name="Ana María Pérez Núñez", city="Quito")
        with CaptureQueriesContext(connection) as queries:
            found = list(word_search(Client.objects.all(), "search_text", "ana maria perez nunez"))
        assert len(found) == 1 and len(queries) == 1
        assert queries[0]["sql"].count("LIKE") == 4
        with pytest.raises(SearchTooLong):
            word_search(Client.objects.all(), "search_text", " ".join(f"w{n}" for n in range(MAX_SEARCH_WORDS + 1)))


def test_a_search_over_the_limits_in_the_admin_says_so_and_finds_nothing(admin_client_for, tenant_a, make_user):
    with schema_context(tenant_a.schema_name):
        ClientFactory(name="Palabra")
    browser = admin_client_for(tenant_a, make_user(tenant_a, "Administrador"))
    response = browser.get(CHANGELIST, {"q": "palabra " * 16_000})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert "hasta 200 caracteres" in response.content.decode()
