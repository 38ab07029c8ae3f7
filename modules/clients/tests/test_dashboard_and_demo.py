from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.core.documents import validate_document
from fotostudio.core.registry import get_module
from fotostudio.users.services import role_permission_codenames
from modules.clients.dashboard import clients_section
from modules.clients.demo import PRIVATE_COUNT, SCHOOLS, seed_demo_clients
from modules.clients.models import Client, ClientType
from modules.clients.selectors import client_counts, client_top_cities, clients_new_by_month


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_module_spec_enables_clients_for_photo_studios_only(tenant_a, tenant_agro):
    spec = get_module("clients")
    assert spec.is_enabled_for(tenant_a)
    assert not spec.is_enabled_for(tenant_agro)


def test_roles_get_the_permissions_the_issue_lists():
    grants = role_permission_codenames()
    client_perms = {role: {code for app, code in perms if app == "clients"} for role, perms in grants.items()}
    every = {"view_client", "add_client", "change_client", "delete_client", "export_client"}
    assert client_perms["Administrador"] == client_perms["Gerente"] == every
    assert client_perms["Ventas"] == {"view_client", "add_client", "change_client", "export_client"}
    assert client_perms["Contabilidad"] == {"view_client", "export_client"}
    for role in ("Fotógrafo", "Producción", "Solo lectura"):
        assert client_perms[role] == {"view_client"}


def test_dashboard_section_counts_types_months_and_cities(tenant_a, admin_a, client_in, school_in):
    client_in(tenant_a, city="Quito")
    client_in(tenant_a, city="Quito")
    client_in(tenant_a, city="Cuenca", is_active=False)
    old = client_in(tenant_a, city="Loja")
    school_in(tenant_a, city="Quito", student_count=850)
    school_in(tenant_a, city="Cuenca", student_count=400)
    with schema_context(tenant_a.schema_name):
        Client.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=45))
        section = clients_section(request_for(admin_a))
        assert client_counts() == {"total": 6, "active": 5, "private": 3, "schools": 2, "students": 1250}
        assert client_top_cities() == [("Quito", 3), ("Cuenca", 1), ("Loja", 1)]
        months = clients_new_by_month(months=12)
    cards = {card["key"]: card for card in section["cards"]}
    assert cards["clients-private"]["value"] == 3
    assert cards["clients-schools"]["value"] == 2
    assert cards["clients-schools"]["hint"] == "1250 estudiantes"
    assert cards["clients-new-period"]["value"] == 5  # this month (the page's default period)
    assert len(months) == 12 and months[-1][1:] == (3, 2)
    assert sum(private + schools for _month, private, schools in months) == 6
    by_month_chart, by_type_chart = section["charts"]
    assert len(by_month_chart["labels"]) == 12
    assert by_month_chart["datasets"][0]["data"][-1] == 5 and sum(by_month_chart["datasets"][0]["data"]) == 6
    assert by_type_chart["datasets"][0]["data"] == [3, 2]
    assert section["tables"][0]["rows"][0] == ["Quito", 3]


def test_dashboard_section_is_hidden_from_users_who_cannot_see_clients(tenant_a, make_user):
    with schema_context(tenant_a.schema_name):
        assert clients_section(request_for(make_user(tenant_a))) is None


def test_dashboard_page_shows_the_clients_section(admin_client_for, tenant_a, admin_a, school_in):
    school_in(tenant_a)
    html = admin_client_for(tenant_a, admin_a).get("/admin/").content.decode()
    assert 'data-section="clients"' in html and 'data-kpi="clients-schools"' in html


def test_demo_seeder_adds_valid_spanish_clients_once(tenant_a):
    with schema_context(tenant_a.schema_name):
        created = seed_demo_clients(tenant=tenant_a, password="x")
        assert created == PRIVATE_COUNT + len(SCHOOLS)
        assert seed_demo_clients(tenant=tenant_a, password="x") == 0  # idempotent
        assert Client.objects.filter(client_type=ClientType.SCHOOL).count() == len(SCHOOLS)
        assert Client.objects.filter(client_type=ClientType.PRIVATE).count() == PRIVATE_COUNT
        for client in Client.objects.all():
            validate_document(client.document_type, client.document)
        assert Client.objects.filter(name__contains="Unidad Educativa").exists()
        assert Client.objects.values("city").distinct().count() >= 5
        months = {created_at.month for created_at in Client.objects.values_list("created_at", flat=True)}
        assert len(months) > 3  # spread over the year for the dashboard
