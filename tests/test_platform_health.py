"""``/health/``: database and cache checks, JSON, no sign-in, no tenant and no tenant data."""

from django.test import Client

from fotostudio.core import health


def test_health_reports_database_and_cache(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache"}
    for check in body["checks"].values():
        assert check["ok"] is True
        assert check["ms"] >= 0


def test_health_answers_on_any_host_without_signing_in(test_tenants, db):
    for host in ("alpha.testserver", "no-existe.testserver", "testserver"):
        response = Client(HTTP_HOST=host).get("/health/")
        assert response.status_code == 200, host
        assert "alpha" not in response.content.decode()


def test_a_failing_database_makes_health_503_and_names_the_error(client, db, monkeypatch):
    def broken():
        raise ConnectionError("sin base de datos")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["cache"]["ok"] is True
    assert "sin base de datos" not in response.content.decode()  # no internals leak


def test_a_cache_that_loses_writes_makes_health_503(client, db, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda *args, **kwargs: None)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "RuntimeError"}


def test_health_only_answers_get(client, db):
    assert client.post("/health/").status_code == 405
