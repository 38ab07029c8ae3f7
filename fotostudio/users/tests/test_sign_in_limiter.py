"""The sign-in limiter, one for the API and the admin (``user_sign_in``; policy in docs/decisions.md).

Keyed on the account (every spelling of it) and on the client's address; counted in
the database before the password is checked. Limits come from settings: 5 failures
per account and address, 20 per address, 30 per account (then only addresses that
have not failed against it may try), per 15-minute window.
"""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import TEST_PASSWORD, host_of
from fotostudio.audit.models import AccessChannel, AccessLog, AccessResult
from fotostudio.core.errors import ApplicationError
from fotostudio.users.models import LoginBucket, Role
from fotostudio.users.services import login_attempt_reserve, user_sign_in

PER_PAIR = settings.LOGIN_LIMIT_PER_ACCOUNT_ADDRESS
PER_ADDRESS = settings.LOGIN_LIMIT_PER_ADDRESS
PER_ACCOUNT = settings.LOGIN_LIMIT_PER_ACCOUNT
WINDOW = timedelta(seconds=settings.LOGIN_LIMIT_WINDOW_SECONDS)


def _attempt(tenant, username, password="incorrecta", address="127.0.0.1", **extra):
    # json.dumps escapes to ASCII, so even a lone surrogate travels as a client would send it ("\ud800")
    body = json.dumps({"username": username, "password": password})
    return APIClient(HTTP_HOST=host_of(tenant)).post(
        "/api/v1/auth/token/", body, content_type="application/json", REMOTE_ADDR=address, **extra
    )


def _admin_attempt(browser, username, password="incorrecta"):
    return browser.post("/admin/login/", {"username": username, "password": password})


def _results(tenant):
    with schema_context(tenant.schema_name):
        return list(AccessLog.objects.order_by("created_at").values_list("result", flat=True))


def _age_buckets(tenant, by=WINDOW + timedelta(minutes=1)):
    with schema_context(tenant.schema_name):
        LoginBucket.objects.update(window_started_at=F("window_started_at") - by)


def test_the_limits_are_settings_with_the_documented_defaults():
    assert (PER_PAIR, PER_ADDRESS, PER_ACCOUNT, WINDOW) == (5, 20, 30, timedelta(minutes=15))


def test_an_account_from_one_address_gets_five_failures_then_429_even_with_the_right_password(tenant_a, make_user):
    make_user(tenant_a, username="objetivo")
    for _ in range(PER_PAIR):
        assert _attempt(tenant_a, "objetivo").status_code == 401
    response = _attempt(tenant_a, "OBJETIVO", TEST_PASSWORD)  # another spelling: the same account
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 0 < retry_after <= WINDOW.total_seconds()
    body = response.json()
    assert body == {"detail": body["detail"], "code": "throttled", "retry_after": retry_after}
    assert "Demasiados intentos fallidos" in body["detail"]
    assert _results(tenant_a) == [AccessResult.LOGIN_FAILED] * PER_PAIR + [AccessResult.THROTTLED]
    with schema_context(tenant_a.schema_name):
        assert AccessLog.objects.get(result=AccessResult.THROTTLED).username == "OBJETIVO"
    # the same account from another address, and another account from this one, still try
    assert _attempt(tenant_a, "objetivo", TEST_PASSWORD, address="10.0.0.9").status_code == 200
    assert _attempt(tenant_a, "otro").status_code == 401


def test_every_spelling_of_an_account_shares_one_bucket(tenant_a, make_user):
    user = make_user(tenant_a, username="produccion", email="produccion@alfa.test")
    spellings = ["produccıon", "PRODUCCION", "Produccion@Alfa.TEST", "PRODUCCıON", "produccion"]  # ı: dotless i
    for spelling in spellings:
        assert _attempt(tenant_a, spelling).status_code == 401
    assert _attempt(tenant_a, "produccion", TEST_PASSWORD).status_code == 429
    with schema_context(tenant_a.schema_name):
        accounts = set(LoginBucket.objects.exclude(scope=LoginBucket.Scope.ADDRESS).values_list("account", flat=True))
    assert accounts == {f"user:{user.pk}"}


def test_the_dotless_i_alias_signs_in_as_its_account_as_the_backend_resolves_it(tenant_a, make_user):
    user = make_user(tenant_a, username="produccion")
    response = _attempt(tenant_a, "produccıon", TEST_PASSWORD)
    assert response.status_code == 200
    assert response.json()["usuario"]["id"] == str(user.pk)


def test_unknown_aliases_are_keyed_by_their_case_folded_form(tenant_a):
    for spelling in ["Nadie", "NADIE", "ｎａｄｉｅ"]:  # the last one in full-width letters
        assert _attempt(tenant_a, spelling).status_code == 401
    with schema_context(tenant_a.schema_name):
        pair = LoginBucket.objects.get(scope=LoginBucket.Scope.PAIR)
    assert (pair.account, pair.attempts) == ("name:nadie", 3)


def test_forty_invented_forwarded_for_addresses_are_still_one_address(tenant_a, make_user, settings):
    assert not settings.NUM_PROXIES
    statuses = [
        _attempt(tenant_a, f"usuario{number}", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code
        for number in range(40)
    ]
    assert statuses == [401] * PER_ADDRESS + [429] * (40 - PER_ADDRESS)
    # another address is not affected
    assert _attempt(tenant_a, "usuario-nuevo", address="10.1.1.2").status_code == 401


def test_forwarded_for_addresses_do_not_multiply_the_guesses_at_one_account(tenant_a, make_user):
    make_user(tenant_a, username="codiciada")
    statuses = [
        _attempt(tenant_a, "codiciada", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code for number in range(40)
    ]
    assert statuses == [401] * PER_PAIR + [429] * (40 - PER_PAIR)
    assert _results(tenant_a).count(AccessResult.LOGIN_FAILED) == PER_PAIR


def test_the_owner_signs_in_from_a_fresh_address_while_the_account_is_under_attack(tenant_a, make_user):
    make_user(tenant_a, username="duena")
    attackers = [f"192.0.2.{number}" for number in range(10)]
    for address in attackers:  # 10 addresses x 3 failures: the account's 30, no pair or address limit reached
        for _ in range(3):
            assert _attempt(tenant_a, "duena", address=address).status_code == 401
    # addresses that failed against it are refused, even with the right password
    refused = _attempt(tenant_a, "duena", TEST_PASSWORD, address=attackers[0])
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # the owner's own device has not failed: it signs in
    assert _attempt(tenant_a, "duena", TEST_PASSWORD, address="10.20.30.40").status_code == 200
    # a new address gets one guess; failing marks it
    assert _attempt(tenant_a, "duena", address="192.0.2.200").status_code == 401
    assert _attempt(tenant_a, "duena", TEST_PASSWORD, address="192.0.2.200").status_code == 429
    # other accounts are not affected at those addresses
    make_user(tenant_a, username="vecina")
    assert _attempt(tenant_a, "vecina", TEST_PASSWORD, address=attackers[0]).status_code == 200


def test_a_successful_sign_in_clears_its_pairs_failures(tenant_a, make_user):
    make_user(tenant_a, username="despistada")
    for _ in range(PER_PAIR - 1):
        assert _attempt(tenant_a, "despistada").status_code == 401
    assert _attempt(tenant_a, "despistada", TEST_PASSWORD).status_code == 200
    for _ in range(PER_PAIR):
        assert _attempt(tenant_a, "despistada").status_code == 401
    assert _attempt(tenant_a, "despistada").status_code == 429
    with schema_context(tenant_a.schema_name):
        counts = dict(LoginBucket.objects.values_list("scope", "attempts"))
    # the success was no failure: 4 + 5 on the address and the account
    assert counts == {"pair": PER_PAIR, "address": 2 * PER_PAIR - 1, "account": 2 * PER_PAIR - 1}


def test_after_the_window_the_limits_start_again_and_old_buckets_are_deleted(tenant_a, make_user):
    make_user(tenant_a, username="paciente")
    for _ in range(PER_PAIR):
        _attempt(tenant_a, "paciente")
    _attempt(tenant_a, "olvidado", address="10.9.9.9")
    assert _attempt(tenant_a, "paciente", TEST_PASSWORD).status_code == 429
    _age_buckets(tenant_a, by=WINDOW - timedelta(minutes=1))  # not yet
    assert _attempt(tenant_a, "paciente", TEST_PASSWORD).status_code == 429
    _age_buckets(tenant_a, by=timedelta(minutes=2))  # the window has passed
    assert _attempt(tenant_a, "paciente", TEST_PASSWORD).status_code == 200
    with schema_context(tenant_a.schema_name):
        # the forgotten account's buckets were cleaned up; the ones just used start again
        assert not LoginBucket.objects.filter(account__contains="olvidado").exists()
        assert not LoginBucket.objects.filter(address="10.9.9.9").exists()
        assert dict(LoginBucket.objects.values_list("scope", "attempts")) == {"address": 0, "account": 0}


def test_counters_are_kept_per_tenant(tenant_a, tenant_b):
    for _ in range(PER_PAIR):
        _attempt(tenant_a, "compartido")
    assert _attempt(tenant_a, "compartido").status_code == 429
    assert _attempt(tenant_b, "compartido").status_code == 401


def test_requests_without_a_username_are_400_and_logged(tenant_a):
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    for _ in range(PER_PAIR + 1):
        assert client.post("/api/v1/auth/token/", {"password": "x"}, format="json").status_code == 400
    assert _results(tenant_a) == [AccessResult.LOGIN_FAILED] * (PER_PAIR + 1)


# --- bad input: a 400, logged, never a database error ---------------------------------------


@pytest.mark.parametrize(
    "username",
    ["ad\x00min", "admin\x01", "admin\u200b", "\x1b[31madmin", "x" * 10_000, "\ud800admin"],
    ids=["nul", "control", "zero-width", "escape", "10-kb", "lone-surrogate"],
)
def test_a_username_with_control_characters_is_400_and_logged(username, tenant_a):
    response = _attempt(tenant_a, username)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] in {"invalid", "user_invalid"}
    assert "username" in body["errors"]
    with schema_context(tenant_a.schema_name):
        log = AccessLog.objects.get()
    assert log.result == AccessResult.LOGIN_FAILED
    assert log.username == "".join(char for char in username if char.isprintable())[:254]


def test_a_password_that_cannot_be_encoded_is_400_not_500(tenant_a, make_user):
    make_user(tenant_a, username="sustituta")
    response = _attempt(tenant_a, "sustituta", "clave\ud800")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_bad_input_from_a_throttled_address_is_still_a_400_and_logged(tenant_a):
    for number in range(PER_ADDRESS):
        _attempt(tenant_a, f"usuario{number}")
    assert _attempt(tenant_a, "otro-mas").status_code == 429
    for username in ("ad\x00min", "admin\x07"):
        assert _attempt(tenant_a, username).status_code == 400
    assert _results(tenant_a)[-2:] == [AccessResult.LOGIN_FAILED, AccessResult.LOGIN_FAILED]


# --- the admin's door ------------------------------------------------------------------------


def test_fifty_wrong_admin_passwords_then_the_right_one_is_refused_with_the_message(tenant_a, make_user):
    make_user(tenant_a, Role.ADMINISTRATOR, username="jefa_panel")
    browser = Client(HTTP_HOST=host_of(tenant_a))
    for _ in range(50):
        assert _admin_attempt(browser, "jefa_panel").status_code == 200
    response = _admin_attempt(browser, "jefa_panel", TEST_PASSWORD)
    assert response.status_code == 200  # the form again, not the redirect of a sign-in
    errors = response.context["form"].non_field_errors()
    assert any("Demasiados intentos fallidos" in error for error in errors)
    assert "Demasiados intentos fallidos" in response.content.decode()
    assert "_auth_user_id" not in browser.session
    results = _results(tenant_a)
    assert results.count(AccessResult.LOGIN_FAILED) == PER_PAIR
    assert results.count(AccessResult.THROTTLED) == 51 - PER_PAIR
    with schema_context(tenant_a.schema_name):
        assert set(AccessLog.objects.values_list("channel", flat=True)) == {AccessChannel.ADMIN}


def test_the_api_and_the_admin_share_the_limiter(tenant_a, make_user):
    make_user(tenant_a, Role.ADMINISTRATOR, username="dos_puertas")
    browser = Client(HTTP_HOST=host_of(tenant_a))
    for _ in range(3):
        _attempt(tenant_a, "dos_puertas")
    for _ in range(PER_PAIR - 3):
        _admin_attempt(browser, "DOS_PUERTAS")
    assert _attempt(tenant_a, "dos_puertas", TEST_PASSWORD).status_code == 429
    assert "Demasiados intentos fallidos" in _admin_attempt(browser, "dos_puertas", TEST_PASSWORD).content.decode()


def test_the_admin_signs_in_and_a_success_is_logged_once(tenant_a, make_user):
    make_user(tenant_a, Role.ADMINISTRATOR, username="panelista")
    browser = Client(HTTP_HOST=host_of(tenant_a))
    response = _admin_attempt(browser, "Panelista", TEST_PASSWORD)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert list(AccessLog.objects.values_list("result", "username", "channel")) == [
            (AccessResult.LOGIN, "panelista", AccessChannel.ADMIN)
        ]


def test_an_account_without_panel_access_is_refused_by_the_admin_and_counts_as_a_failure(tenant_a, make_user):
    make_user(tenant_a, username="sin_panel", is_staff=False)
    browser = Client(HTTP_HOST=host_of(tenant_a))
    response = _admin_attempt(browser, "sin_panel", TEST_PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert _results(tenant_a) == [AccessResult.LOGIN_FAILED]
    assert _attempt(tenant_a, "sin_panel", TEST_PASSWORD).status_code == 200  # the API needs no panel access


@pytest.mark.parametrize(
    "username", ["ad\x00min", "admin\x01", "x" * 10_000, ""], ids=["nul", "control", "10-kb", "empty"]
)
def test_bad_admin_input_is_a_form_error_and_logged(username, tenant_a):
    browser = Client(HTTP_HOST=host_of(tenant_a))
    response = _admin_attempt(browser, username)
    assert response.status_code == 200
    assert response.context["form"].errors
    with schema_context(tenant_a.schema_name):
        log = AccessLog.objects.get()
    assert (log.result, log.channel) == (AccessResult.LOGIN_FAILED, AccessChannel.ADMIN)
    assert log.username == "".join(char for char in username if char.isprintable())[:254]


def test_a_bucket_whose_window_is_over_counts_from_zero_even_before_the_clean_up(tenant_a):
    with schema_context(tenant_a.schema_name):
        old = LoginBucket.objects.create(
            scope=LoginBucket.Scope.ADDRESS,
            address="127.0.0.1",
            attempts=PER_ADDRESS,
            window_started_at=timezone.now() - WINDOW,
        )
        attempt = login_attempt_reserve(account="name:antigua", address="127.0.0.1")
        old.refresh_from_db()
    assert attempt.retry_after is None
    assert old.attempts == 1
    assert timezone.now() - old.window_started_at < timedelta(minutes=1)


def test_every_login_path_shares_the_limiter(tenant_a, make_user):
    make_user(tenant_a, username="caminos")
    paths = [
        "/api/v1/auth/token/",
        "/api/v1/auth/login/",
        "/api/auth/token/",
        "/api/auth/login/",
        "/api/v1/auth/token/",
    ]
    client = APIClient(HTTP_HOST=host_of(tenant_a))
    for path in paths[:PER_PAIR]:
        assert client.post(path, {"username": "caminos", "password": "mala"}, format="json").status_code == 401
    response = client.post("/api/auth/login/", {"username": "caminos", "password": TEST_PASSWORD}, format="json")
    assert response.status_code == 429


def test_platform_staff_are_limited_on_the_public_host_too(test_tenants, make_user):
    make_user(None, username="soporte_limitado", is_superuser=True)
    client = APIClient(HTTP_HOST="testserver")
    for _ in range(PER_PAIR):
        response = client.post("/api/v1/auth/token/", {"username": "soporte_limitado", "password": "x"}, format="json")
        assert response.status_code == 401
    browser = Client(HTTP_HOST="testserver")
    refused = _admin_attempt(browser, "soporte_limitado", TEST_PASSWORD)
    assert "Demasiados intentos fallidos" in refused.content.decode()
    with schema_context("public"):
        assert LoginBucket.objects.filter(scope=LoginBucket.Scope.PAIR, attempts=PER_PAIR).exists()


def test_the_service_refuses_a_password_utf8_cannot_carry_whatever_the_door(tenant_a):
    """The API's serializer and the admin's form never pass one on; the service does not rely on it."""
    request = RequestFactory().post("/api/v1/auth/token/", REMOTE_ADDR="192.0.2.1")
    with schema_context(tenant_a.schema_name), pytest.raises(ApplicationError) as refused:
        user_sign_in(request=request, username="alguien", password="clave\ud800", channel=AccessChannel.API)
    assert (refused.value.status_code, list(refused.value.errors)) == (400, ["password"])
    assert _results(tenant_a) == [AccessResult.LOGIN_FAILED]
