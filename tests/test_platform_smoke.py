from conftest import TEST_PASSWORD


def test_health_reports_database_and_cache(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True


def test_token_for_tenant_admin(api_client, tenant_a):
    response = api_client(tenant_a).post(
        "/api/v1/auth/token/", {"username": "admin", "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["usuario"]["roles"] == ["Administrador"]
