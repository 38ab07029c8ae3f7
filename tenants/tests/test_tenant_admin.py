"""The platform's admin on the public host: tenants and domains, and the tenant add form."""

from django.contrib.messages import get_messages
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from conftest import TEST_PASSWORD
from fotostudio.users.models import Role, User
from tenants.models import Tenant
from tenants.services import tenant_drop

ADD_URL = "/admin/tenants/tenant/add/"


def _form_data(**overrides):
    data = {
        "name": "Estudio Nuevo",
        "slug": "nuevo",
        "domain": "nuevo.testserver",
        "business_type": "photo_studio",
        "plan": "basic",
        "timezone": "America/Guayaquil",
        "language": "es",
        "admin_email": "admin@nuevo.test",
        "admin_password": TEST_PASSWORD,
    }
    return {**data, **overrides}


def _platform_browser(make_user, admin_client_for):
    return admin_client_for(None, make_user(None, is_superuser=True))


def test_platform_admin_creates_a_tenant_through_the_add_form(test_tenants, make_user, admin_client_for):
    browser = _platform_browser(make_user, admin_client_for)
    page = browser.get(ADD_URL)
    assert page.status_code == 200
    for field in ("slug", "domain", "admin_email", "admin_password"):
        assert f'name="{field}"' in page.content.decode()

    response = browser.post(ADD_URL, _form_data(slug="Nuevo", domain="Nuevo.testserver"), follow=True)
    assert response.redirect_chain[0][1] == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(
        "http://nuevo.testserver/admin/" in message and "«admin» (admin@nuevo.test)" in message for message in said
    ), said
    connection.set_schema_to_public()
    tenant = Tenant.objects.get(schema_name="nuevo")
    try:
        assert (tenant.name, tenant.plan, tenant.primary_domain) == ("Estudio Nuevo", "basic", "nuevo.testserver")
        assert schema_exists("nuevo")
        with schema_context("nuevo"):
            admin = User.objects.get(username="admin")
            assert admin.email == "admin@nuevo.test"
            assert admin.check_password(TEST_PASSWORD)
            assert list(admin.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR]
        change = browser.get(f"/admin/tenants/tenant/{tenant.pk}/change/")
        assert change.status_code == 200
        assert b"nuevo.testserver" in change.content  # the domains inline
    finally:
        connection.set_schema_to_public()
        tenant_drop(tenant=tenant)


def test_add_form_shows_every_refusal_on_its_field_and_creates_nothing(test_tenants, make_user, admin_client_for):
    browser = _platform_browser(make_user, admin_client_for)
    cases = {
        "slug": _form_data(slug="admin"),
        "domain": _form_data(domain="alpha.testserver"),
        "admin_password": _form_data(admin_password="1234"),
    }
    for field, data in cases.items():
        response = browser.post(ADD_URL, data)
        assert response.status_code == 200, field
        errors = response.context["adminform"].form.errors
        assert field in errors, (field, errors)
    duplicate = browser.post(ADD_URL, _form_data(slug="alpha", domain="otro.testserver"))
    assert "slug" in duplicate.context["adminform"].form.errors
    bad_host = browser.post(ADD_URL, _form_data(domain="nuevo_estudio.testserver"))
    assert "domain" in bad_host.context["adminform"].form.errors
    connection.set_schema_to_public()
    assert not Tenant.objects.filter(schema_name="nuevo").exists()
    assert not schema_exists("nuevo")


def test_platform_admin_lists_and_edits_tenants(tenant_a, tenant_b, make_user, admin_client_for):
    browser = _platform_browser(make_user, admin_client_for)
    listing = browser.get("/admin/tenants/tenant/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Estudio Alfa" in content and "Agro Campo" in content
    listed = {tenant.schema_name for tenant in listing.context["cl"].result_list}
    assert {"alpha", "beta", "campo"} <= listed
    assert "public" not in listed  # the public schema's own row is not a business
    assert browser.get("/admin/tenants/tenant/?q=beta").status_code == 200

    change_url = f"/admin/tenants/tenant/{tenant_b.pk}/change/"
    page = browser.get(change_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "logo"}  # no file chosen
    data["is_active"] = ""
    data.update(_formset_data(page.context["inline_admin_formsets"][0].formset))
    response = browser.post(change_url, data)
    assert response.status_code == 302
    connection.set_schema_to_public()
    assert Tenant.objects.get(pk=tenant_b.pk).is_active is False


def _formset_data(formset) -> dict:
    """What the browser posts back for an inline formset left as it is."""
    prefix = formset.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[f"{prefix}-{index}-{name}"] = "on" if value is True else str(getattr(value, "pk", value))
    return data


def test_platform_admin_manages_domains(tenant_a, make_user, admin_client_for):
    browser = _platform_browser(make_user, admin_client_for)
    listing = browser.get("/admin/tenants/domain/")
    assert listing.status_code == 200
    assert b"alpha.testserver" in listing.content
    response = browser.post(
        "/admin/tenants/domain/add/", {"domain": "alfa.example.com", "tenant": str(tenant_a.pk), "is_primary": ""}
    )
    assert response.status_code == 302
    connection.set_schema_to_public()
    assert tenant_a.domains.filter(domain="alfa.example.com").exists()


def test_platform_pages_do_not_exist_on_a_tenant_host(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, "Administrador", is_superuser=True))
    for path in ("/admin/tenants/tenant/", "/admin/tenants/domain/", ADD_URL):
        assert browser.get(path).status_code == 403, path
    navigation = browser.get("/admin/").context["sidebar_navigation"]
    sidebar_links = [item["link"] for group in navigation for item in group["items"]]
    assert "/admin/tenants/tenant/" not in sidebar_links


def test_platform_sidebar_and_dashboard(tenant_a, tenant_agro, make_user, admin_client_for):
    browser = _platform_browser(make_user, admin_client_for)
    page = browser.get("/admin/")
    assert page.status_code == 200
    titles = [str(group["title"]) for group in page.context["sidebar_navigation"]]
    assert titles == ["Inicio", "Plataforma"]
    content = page.content.decode()
    assert "Administración de la plataforma" in content
    assert "Negocios activos" in content
    assert "Agro Campo" in content  # recent tenants table
    sections = page.context["dashboard_sections"]
    assert sections[0]["cards"][0]["value"] == Tenant.objects.exclude(schema_name="public").count()
    assert browser.get("/admin/users/rolegroup/").status_code == 403  # roles live in each tenant
