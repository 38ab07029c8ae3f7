"""The access log: what a row records, the client address behind proxies, and its read-only admin."""

import pytest
from django.test import RequestFactory
from django_tenants.utils import schema_context

from fotostudio.audit.models import AccessChannel, AccessResult
from fotostudio.audit.selectors import access_log_recent
from fotostudio.audit.services import access_log_record
from fotostudio.core.network import client_ip


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_a_row_records_user_address_and_browser(tenant_a, make_user):
    user = make_user(tenant_a, username="registrada")
    with schema_context("alpha"):
        log = access_log_record(
            request=_request(REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="x" * 500), result=AccessResult.LOGIN, user=user
        )
        assert (log.username, log.ip_address, log.channel) == ("registrada", "192.0.2.7", AccessChannel.API)
        assert len(log.user_agent) == 400
        assert str(log) == "Inicio de sesión · registrada"


def test_a_failed_attempt_keeps_the_username_tried(tenant_a):
    with schema_context("alpha"):
        log = access_log_record(
            request=_request(), result=AccessResult.LOGIN_FAILED, username="n" * 300, channel=AccessChannel.ADMIN
        )
        assert log.user is None
        assert len(log.username) == 254
        assert log.channel == AccessChannel.ADMIN


def test_a_typed_username_is_stored_without_control_characters_and_cut_to_its_column(tenant_a):
    with schema_context("alpha"):
        nul = access_log_record(request=_request(), result=AccessResult.LOGIN_FAILED, username="ad\x00mi\x1bn\u200b")
        huge = access_log_record(
            request=_request(HTTP_USER_AGENT="a\x00" * 300), result=AccessResult.THROTTLED, username="y" * 10_000
        )
        nul.refresh_from_db()
        huge.refresh_from_db()
    assert nul.username == "admin"
    assert huge.username == "y" * 254
    assert huge.user_agent == "a" * 300


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.5, 10.0.0.2", "10.0.0.2"),
        (2, "203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (5, "203.0.113.5", "203.0.113.5"),
        (1, "203.0.113.5, not-an-address", "10.0.0.1"),  # a broken chain falls back to the socket
        (1, "203.0.113.5, 10.0.0.2\x00", "10.0.0.1"),
    ],
)
def test_forwarded_for_is_read_behind_num_proxies(proxies, forwarded, expected, settings):
    settings.NUM_PROXIES = proxies
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_no_address_at_all_is_stored_as_null():
    request = _request()
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None


def test_recent_sign_ins_are_newest_first_and_only_successes(tenant_a, make_user):
    user = make_user(tenant_a, username="reciente")
    with schema_context("alpha"):
        for result in (AccessResult.LOGIN, AccessResult.LOGIN_FAILED, AccessResult.LOGIN, AccessResult.LOGOUT):
            access_log_record(request=_request(), result=result, user=user)
        recent = list(access_log_recent(limit=5))
        assert [log.result for log in recent] == [AccessResult.LOGIN, AccessResult.LOGIN]
        assert recent[0].created_at >= recent[1].created_at
        assert len(access_log_recent(limit=1)) == 1


def test_access_log_admin_lists_filters_and_is_read_only(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, "Administrador", username="auditora")
    with schema_context("alpha"):
        log = access_log_record(request=_request(), result=AccessResult.THROTTLED, username="insistente")
    browser = admin_client_for(tenant_a, admin)
    listing = browser.get("/admin/audit/accesslog/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "insistente" in content and "Bloqueado por exceso de intentos" in content
    assert browser.get("/admin/audit/accesslog/?result__exact=throttled&q=insist").status_code == 200
    assert browser.get("/admin/audit/accesslog/add/").status_code == 403
    assert browser.get(f"/admin/audit/accesslog/{log.pk}/delete/").status_code == 403
    detail = browser.get(f"/admin/audit/accesslog/{log.pk}/change/")
    assert detail.status_code == 200  # view only
    assert browser.post(f"/admin/audit/accesslog/{log.pk}/change/", {"username": "x"}).status_code == 403
