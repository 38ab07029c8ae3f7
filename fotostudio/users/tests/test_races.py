"""Requests that race: real threads, each with its own database connection, against committed rows.

See ``conftest.py`` here: ``committed`` writes rows every connection sees and removes them
after the test; ``committed.race`` releases the threads together.
"""

import json

from django.conf import settings
from django_tenants.utils import schema_context
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from conftest import TEST_PASSWORD, host_of
from fotostudio.audit.models import AccessLog, AccessResult
from fotostudio.users.models import Role, User
from fotostudio.users.tokens import tokens_for_user

PARALLEL = 20


def api_client_of(committed, tenant, user) -> APIClient:
    """An API client signed in as ``user`` (its token issued and committed on a connection of its own)."""

    def issue():
        with schema_context(tenant.schema_name):
            return tokens_for_user(user)["access"]

    access = committed.run(issue)
    return APIClient(HTTP_HOST=host_of(tenant), HTTP_AUTHORIZATION=f"Bearer {access}")


def test_twenty_parallel_wrong_attempts_on_one_account_give_exactly_the_limit_a_password_check(committed, test_tenants):
    tenant = test_tenants["alpha"]
    committed.user(tenant, username="asediada")

    def attempt(_index):
        client = APIClient(HTTP_HOST=host_of(tenant))
        body = json.dumps({"username": "asediada", "password": "incorrecta"})
        return client.post("/api/v1/auth/token/", body, content_type="application/json").status_code

    statuses = committed.race(PARALLEL, attempt)
    limit = settings.LOGIN_LIMIT_PER_ACCOUNT_ADDRESS
    assert sorted(statuses) == [401] * limit + [429] * (PARALLEL - limit)

    def logged():
        with schema_context(tenant.schema_name):
            return list(AccessLog.objects.filter(username="asediada").values_list("result", flat=True))

    results = committed.run(logged)
    # a failed check is logged after the password was checked: exactly the limit were
    assert results.count(AccessResult.LOGIN_FAILED) == limit
    assert results.count(AccessResult.THROTTLED) == PARALLEL - limit
    # and the right password is refused too, until the window passes
    right = committed.run(
        lambda: APIClient(HTTP_HOST=host_of(tenant)).post(
            "/api/v1/auth/token/", {"username": "asediada", "password": TEST_PASSWORD}, format="json"
        )
    )
    assert right.status_code == 429


def test_one_refresh_token_sent_twenty_times_at_once_is_rotated_once(committed, test_tenants):
    tenant = test_tenants["alpha"]
    user = committed.user(tenant, username="refrescante")

    def issue():
        with schema_context(tenant.schema_name):
            return tokens_for_user(user)

    tokens = committed.run(issue)

    def refresh(_index, token=tokens["refresh"]):
        return APIClient(HTTP_HOST=host_of(tenant)).post("/api/v1/auth/refresh/", {"refresh": token}, format="json")

    responses = committed.race(PARALLEL, refresh)
    assert sorted(response.status_code for response in responses) == [200] + [401] * (PARALLEL - 1)
    assert {response.json()["code"] for response in responses if response.status_code == 401} == {"token_not_valid"}
    rotated = next(response.json() for response in responses if response.status_code == 200)

    def live_refresh_tokens():
        with schema_context(tenant.schema_name):
            return list(
                OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).values_list(
                    "token", flat=True
                )
            )

    assert committed.run(live_refresh_tokens) == [rotated["refresh"]]
    # the new pair works, and its refresh token rotates once more
    profile = committed.run(
        lambda: APIClient(HTTP_HOST=host_of(tenant), HTTP_AUTHORIZATION=f"Bearer {rotated['access']}").get(
            "/api/v1/auth/profile/"
        )
    )
    assert profile.status_code == 200
    assert committed.run(lambda: refresh(0, rotated["refresh"])).status_code == 200
    assert committed.run(lambda: refresh(0, rotated["refresh"])).status_code == 401


def test_two_administrators_demoting_each_other_at_the_same_moment_cannot_both_succeed(committed, test_tenants):
    tenant = test_tenants["beta"]
    first = committed.user(tenant, Role.ADMINISTRATOR, username="ana_admin")
    second = committed.user(tenant, Role.ADMINISTRATOR, username="beto_admin")

    def set_founder_active(active):
        def run():
            with schema_context(tenant.schema_name):
                User.objects.filter(username="admin").update(is_active=active)

        return run

    committed.run(set_founder_active(False))  # the two of them are the business's only administrators
    committed.undo.append(set_founder_active(True))
    clients = [api_client_of(committed, tenant, first), api_client_of(committed, tenant, second)]
    targets = [second, first]

    def demote(index):
        return clients[index].patch(f"/api/v1/users/{targets[index].pk}/", {"roles": ["Gerente"]}, format="json")

    responses = committed.race(2, demote)
    statuses = sorted(response.status_code for response in responses)
    assert statuses in ([200, 409], [200, 403])  # the loser is refused, or has already lost the right to try
    if statuses == [200, 409]:
        assert {response.json().get("code") for response in responses} >= {"user_last_administrator"}

    def administrators():
        with schema_context(tenant.schema_name):
            return list(
                User.objects.filter(is_active=True, groups__name=Role.ADMINISTRATOR).values_list("username", flat=True)
            )

    assert len(committed.run(administrators)) == 1
