"""The admin's frame: tenant name in the header, the sign-in page, the dashboard's real figures, languages."""

import json
import re

from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import PUBLIC_HOST, TEST_PASSWORD, host_of
from fotostudio.admin.dashboard import _chart_payload
from fotostudio.users.models import Role
from fotostudio.users.services import user_update


def _kpi(content: str, key: str) -> str:
    match = re.search(rf'data-kpi="{key}">([^<]*)<', content)
    assert match, key
    return match.group(1)


def test_sign_in_page_says_which_business(tenant_a):
    page = Client(HTTP_HOST=host_of(tenant_a)).get("/admin/login/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Está entrando a" in content
    assert "Estudio Alfa" in content


def test_sign_in_page_on_the_public_host_names_the_platform(test_tenants, db):
    content = Client(HTTP_HOST=PUBLIC_HOST).get("/admin/login/").content.decode()
    assert "Administración de la plataforma FotoStudio" in content
    assert "Está entrando a" not in content


def test_signing_in_to_the_admin_leads_to_the_dashboard(tenant_a, make_user):
    make_user(tenant_a, Role.ADMINISTRATOR, username="entra")
    browser = Client(HTTP_HOST=host_of(tenant_a))
    response = browser.post("/admin/login/?next=/admin/", {"username": "entra", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_a_user_of_another_tenant_cannot_sign_in_here(tenant_a, tenant_b, make_user):
    make_user(tenant_b, Role.ADMINISTRATOR, username="de_beta")
    response = Client(HTTP_HOST=host_of(tenant_a)).post(
        "/admin/login/", {"username": "de_beta", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200  # the form again, with its error


def test_header_carries_the_tenants_name_and_business_type(tenant_agro, make_user, admin_client_for):
    page = admin_client_for(tenant_agro, make_user(tenant_agro, Role.ADMINISTRATOR)).get("/admin/")
    content = page.content.decode()
    assert "Agro Campo" in content
    assert "Trazabilidad agroindustrial" in content
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert title.strip() == "Panel de control | Agro Campo · FotoStudio"


def test_dashboard_shows_users_by_role_and_recent_sign_ins(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR, username="directora")
    both = make_user(tenant_a, Role.SALES, username="doble")
    with schema_context("alpha"):
        user_update(user=both, data={"roles": [Role.SALES, Role.ACCOUNTING]})
    make_user(tenant_a, Role.SALES, username="de_baja", is_active=False)
    make_user(tenant_a, None, username="sin_rol")
    APIClient(HTTP_HOST=host_of(tenant_a)).post(
        "/api/v1/auth/token/", {"username": "doble", "password": TEST_PASSWORD}, format="json"
    )

    page = admin_client_for(tenant_a, admin).get("/admin/")
    assert page.status_code == 200
    content = page.content.decode()
    # the tenant's own admin, the director and "doble" (counted once although it holds two roles)
    assert _kpi(content, "users-active") == "3"
    (team,) = [section for section in page.context["dashboard_sections"] if section["key"] == "team"]
    chart = json.loads(team["charts"][0]["data"])
    by_role = dict(zip(chart["labels"], chart["datasets"][0]["data"], strict=True))
    assert by_role == {
        "Administrador": 2,
        "Gerente": 0,
        "Ventas": 1,
        "Producción": 0,
        "Fotógrafo": 0,
        "Contabilidad": 1,
        "Solo lectura": 0,
    }
    recent = team["tables"][0]["rows"]
    assert [str(row[0]) for row in recent] == ["doble"]
    assert recent[0][2] == "API"


def test_roles_without_user_access_get_a_dashboard_without_the_team(tenant_a, make_user, admin_client_for):
    page = admin_client_for(tenant_a, make_user(tenant_a, Role.PHOTOGRAPHER)).get("/admin/")
    assert page.status_code == 200
    assert all(section.get("key") != "team" for section in page.context["dashboard_sections"])
    assert 'data-kpi="users-active"' not in page.content.decode()


def test_chart_payload_adds_colours_and_serialises_labels():
    pie = _chart_payload({"type": "pie", "labels": ["a", 2], "datasets": [{"label": "x", "data": [1, 2]}]})
    data = json.loads(pie["data"])
    assert data["labels"] == ["a", "2"]
    assert isinstance(data["datasets"][0]["backgroundColor"], list)
    bar = json.loads(
        _chart_payload({"type": "bar", "labels": ["a"], "datasets": [{"data": [1]}, {"data": [2]}]})["data"]
    )
    assert bar["datasets"][0]["backgroundColor"] != bar["datasets"][1]["backgroundColor"]


def test_a_pie_chart_names_its_slices_in_a_legend():
    pie = _chart_payload({"type": "pie", "labels": ["a", "b"], "datasets": [{"data": [1, 2]}]})
    assert json.loads(pie["options"])["plugins"]["legend"]["display"] is True
    assert "options" not in _chart_payload({"type": "bar", "labels": ["a"], "datasets": [{"data": [1]}]})


def test_a_chart_with_nothing_to_draw_says_so(tenant_a, make_user, admin_client_for):
    assert _chart_payload({"type": "bar", "labels": ["ene", "feb"], "datasets": [{"data": [0, 0]}]})["is_empty"]
    assert _chart_payload({"type": "pie", "labels": [], "datasets": []})["is_empty"]
    assert not _chart_payload({"type": "bar", "labels": ["ene"], "datasets": [{"data": [3]}]})["is_empty"]
    page = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR)).get("/admin/")  # no clients yet
    clients = page.content.decode().split('data-section="clients"')[1].split("</section>")[0]
    assert clients.count("data-chart-empty") == 2  # new clients by month and clients by type
    assert 'data-type="pie"' not in clients


def test_spanish_by_default_english_on_request(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    spanish = browser.get("/admin/").content.decode()
    assert '<html lang="es"' in spanish
    assert "Cerrar sesión" in spanish
    response = browser.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    english = browser.get("/admin/").content.decode()
    assert '<html lang="en"' in english
    assert "Log out" in english
    assert '<html lang="es"' in Client(HTTP_HOST=host_of(tenant_a)).get("/admin/login/").content.decode()
