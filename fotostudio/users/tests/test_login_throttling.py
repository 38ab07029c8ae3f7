"""Login is throttled per username and per client address (429 with Retry-After), and each refusal is logged.

Rates come from settings (``login_username`` 5/min, ``login_ip`` 20/min); the
cache holding the counters is cleared before every test.
"""

from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import TEST_PASSWORD, host_of
from fotostudio.api.throttling import LoginIPThrottle, LoginUsernameThrottle
from fotostudio.audit.models import AccessLog, AccessResult

USERNAME_LIMIT = LoginUsernameThrottle().num_requests
IP_LIMIT = LoginIPThrottle().num_requests


def _attempt(client, username, password="incorrecta", **extra):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json", **extra)


def test_rates_come_from_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert f"{USERNAME_LIMIT}/min" == rates["login_username"]
    assert f"{IP_LIMIT}/min" == rates["login_ip"]
    assert USERNAME_LIMIT < IP_LIMIT


def test_one_username_is_throttled_after_its_quota_even_with_the_right_password(tenant_a, make_user):
    make_user(tenant_a, username="objetivo")
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    for _ in range(USERNAME_LIMIT):
        assert _attempt(client, "objetivo").status_code == 401
    response = _attempt(client, "OBJETIVO", TEST_PASSWORD, REMOTE_ADDR="10.0.0.9")  # other case, other address
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "throttled"
    assert body["retry_after"] == int(response["Retry-After"])
    with schema_context("alpha"):
        results = list(AccessLog.objects.order_by("created_at").values_list("result", flat=True))
        throttled = AccessLog.objects.get(result=AccessResult.THROTTLED)
    assert results == [AccessResult.LOGIN_FAILED] * USERNAME_LIMIT + [AccessResult.THROTTLED]
    assert throttled.username == "OBJETIVO"
    # another username from the same address still gets through
    assert _attempt(client, "otro").status_code == 401


def test_one_address_is_throttled_after_its_quota_whatever_the_usernames(tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a), REMOTE_ADDR="10.1.1.1")
    for number in range(IP_LIMIT):
        assert _attempt(client, f"usuario{number}").status_code == 401
    assert _attempt(client, "usuario-nuevo").status_code == 429
    assert _attempt(client, "usuario-nuevo", REMOTE_ADDR="10.1.1.2").status_code == 401


def test_counters_are_kept_per_tenant(tenant_a, tenant_b):
    client_a = APIClient(HTTP_HOST=host_of(tenant_a))
    for _ in range(USERNAME_LIMIT):
        _attempt(client_a, "compartido")
    assert _attempt(client_a, "compartido").status_code == 429
    assert _attempt(APIClient(HTTP_HOST=host_of(tenant_b)), "compartido").status_code == 401


def test_requests_without_a_username_count_only_per_address(tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    for _ in range(USERNAME_LIMIT + 1):
        assert client.post("/api/v1/auth/token/", {"password": "x"}, format="json").status_code == 400
