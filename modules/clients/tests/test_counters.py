"""The clients' counters kept by triggers (``ClientCount``) equal the clients' own count after every kind of write."""

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.users.tokens import tokens_for_user
from modules.clients.counters import client_count_rebuild
from modules.clients.models import Client, ClientCount, ClientType
from modules.clients.selectors import client_counts
from modules.clients.tests.factories import valid_cedula


def raw_counts() -> dict[str, int]:
    """What ``client_counts`` answered before the counters: the aggregate of the clients table."""
    return Client.objects.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(is_active=True)),
        private=Count("id", filter=Q(is_active=True, client_type=ClientType.PRIVATE)),
        schools=Count("id", filter=Q(is_active=True, client_type=ClientType.SCHOOL)),
        students=Sum("student_count", filter=Q(is_active=True, client_type=ClientType.SCHOOL), default=0),
    )


def assert_exact(expected: dict[str, int] | None = None) -> None:
    counts = client_counts()
    assert counts == raw_counts()
    if expected is not None:
        assert counts == expected


def test_counters_follow_creates_updates_and_deletes(tenant_a, client_in, school_in, django_assert_num_queries):
    with schema_context(tenant_a.schema_name):
        before = raw_counts()
        assert_exact()
    first = client_in(tenant_a)
    client_in(tenant_a, is_active=False)
    school = school_in(tenant_a, student_count=850)
    school_in(tenant_a, student_count=400, is_active=False)
    with schema_context(tenant_a.schema_name):
        grown = {
            "total": before["total"] + 4,
            "active": before["active"] + 2,
            "private": before["private"] + 1,
            "schools": before["schools"] + 1,
            "students": before["students"] + 850,
        }
        assert_exact(grown)
        with django_assert_num_queries(1):
            client_counts()

        Client.objects.filter(pk=first.pk).update(name="Otro nombre", city="Loja")  # no counted field
        assert_exact(grown)
        Client.objects.filter(pk=first.pk).update(is_active=False)
        assert_exact({**grown, "active": grown["active"] - 1, "private": grown["private"] - 1})
        Client.objects.filter(pk=first.pk).update(client_type=ClientType.SCHOOL, student_count=120, is_active=True)
        assert_exact(
            {
                **grown,
                "private": grown["private"] - 1,
                "schools": grown["schools"] + 1,
                "students": grown["students"] + 120,
            }
        )
        Client.objects.filter(pk=school.pk).update(student_count=900)
        assert_exact()
        Client.objects.filter(pk__in=[first.pk, school.pk]).update(is_active=False)  # one statement, two rows
        assert_exact()
        Client.objects.filter(pk=first.pk).delete()
        assert_exact()
        Client.objects.filter(client_type=ClientType.SCHOOL).delete()  # one statement, several rows
        assert_exact()
        Client.objects.all().delete()
        assert_exact({"total": 0, "active": 0, "private": 0, "schools": 0, "students": 0})


def test_a_rolled_back_client_never_counts(tenant_a, client_in):
    client_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        before = client_counts()
        with pytest.raises(RuntimeError), transaction.atomic():
            Client.objects.create(
                client_type=ClientType.PRIVATE, document_type="cedula", document=valid_cedula(777_100), name="Ana"
            )
            assert client_counts()["total"] == before["total"] + 1
            raise RuntimeError("rollback")
        assert_exact(before)


def test_rebuild_recomputes_the_counters_from_the_clients(tenant_a, client_in, school_in):
    client_in(tenant_a)
    school_in(tenant_a, student_count=300)
    with schema_context(tenant_a.schema_name):
        expected = raw_counts()
        ClientCount.objects.all().delete()
        client_count_rebuild()
        assert_exact(expected)


def test_thirty_simultaneous_creations_are_all_counted(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    documents = [valid_cedula(777_200 + index) for index in range(30)]
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
        before = raw_counts()
    concurrently.cleanup(tenant_a, lambda: Client.objects.filter(document__in=documents).delete())

    def create(index: int):
        api = APIClient(HTTP_HOST=host_of(tenant_a))
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api.post(
            "/api/v1/clients/", {"documento": documents[index], "nombre": f"Cliente {index}"}, format="json"
        )

    responses = concurrently.run(30, create, tenant=tenant_a)
    assert sorted(getattr(response, "status_code", repr(response)) for response in responses) == [201] * 30
    with schema_context(tenant_a.schema_name):
        assert_exact(
            {
                **before,
                "total": before["total"] + 30,
                "active": before["active"] + 30,
                "private": before["private"] + 30,
            }
        )
