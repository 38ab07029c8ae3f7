"""Creating a tenant: slug rules, availability checks, schema + domain + first administrator.

Tenants created here live inside the test's transaction: PostgreSQL rolls the new
schema back with everything else, and ``tenant_drop`` removes it explicitly first.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from rest_framework.test import APIClient

from conftest import TEST_PASSWORD
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.users.models import Role, User
from tenants.models import BusinessType, Domain, Plan, Tenant
from tenants.services import (
    TenantErrorCode,
    public_tenant_ensure,
    tenant_check_available,
    tenant_create,
    tenant_drop,
    tenant_validate_domain,
    tenant_validate_new,
    tenant_validate_slug,
)


@pytest.mark.parametrize("slug", ["public", "www", "api", "admin", "static", "media", "pg_anything", "PUBLIC"])
def test_reserved_slugs_are_refused(slug):
    with pytest.raises(ApplicationError) as caught:
        tenant_validate_slug(slug)
    assert caught.value.code == TenantErrorCode.INVALID_SLUG
    assert "slug" in caught.value.errors


@pytest.mark.parametrize("slug", ["", "a", "1estudio", "estudio-luz", "estudio luz", "ñandu", "x" * 41])
def test_malformed_slugs_are_refused(slug):
    with pytest.raises(ApplicationError) as caught:
        tenant_validate_slug(slug)
    assert caught.value.code == TenantErrorCode.INVALID_SLUG


def test_slug_is_normalised_to_lower_case():
    assert tenant_validate_slug("  Estudio_Luz2 ") == "estudio_luz2"


@pytest.mark.parametrize(
    "domain", ["estudio_luz.localhost", "http://luz.localhost", "luz.localhost:8000", "-luz.x", "", "a..b"]
)
def test_domains_no_request_could_reach_are_refused(domain):
    with pytest.raises(ApplicationError) as caught:
        tenant_validate_domain(domain)
    assert caught.value.code == TenantErrorCode.INVALID_DOMAIN
    assert "domain" in caught.value.errors


def test_domain_is_normalised_to_lower_case():
    assert tenant_validate_domain(" Luz.Example.COM ") == "luz.example.com"


def test_taken_slug_and_taken_domain_are_conflicts(tenant_a):
    with pytest.raises(ConflictError) as caught:
        tenant_check_available("alpha", "otro.testserver")
    assert caught.value.code == TenantErrorCode.DUPLICATE_SLUG
    assert caught.value.status_code == 409
    with pytest.raises(ConflictError) as caught:
        tenant_check_available("nuevo", "ALPHA.testserver")
    assert caught.value.code == TenantErrorCode.DUPLICATE_DOMAIN


def test_a_schema_left_without_tenant_counts_as_taken(tenant_a):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "huerfano"')
    with pytest.raises(ConflictError) as caught:
        tenant_check_available("huerfano", "huerfano.testserver")
    assert caught.value.code == TenantErrorCode.DUPLICATE_SLUG


def test_the_first_administrator_is_validated_before_any_schema_exists(tenant_a):
    with pytest.raises(ApplicationError) as caught:
        tenant_validate_new(
            slug="nuevo",
            domain="nuevo.testserver",
            admin_username="admin",
            admin_email="a@nuevo.test",
            admin_password="123",
        )
    assert set(caught.value.errors) == {"admin_password"}
    with pytest.raises(ApplicationError) as caught:
        tenant_create(
            name="Nuevo", slug="nuevo", domain="nuevo.testserver", admin_email="no-es-correo", admin_password="x"
        )
    assert "admin_email" in caught.value.errors
    assert not schema_exists("nuevo")
    assert not Tenant.objects.filter(schema_name="nuevo").exists()


def test_invalid_tenant_fields_are_an_application_error_and_create_nothing(tenant_a):
    with pytest.raises(ApplicationError) as caught:
        tenant_create(
            name="Nuevo",
            slug="nuevo",
            domain="nuevo.testserver",
            admin_email="admin@nuevo.test",
            admin_password=TEST_PASSWORD,
            timezone="Marte/Olympus",
        )
    assert caught.value.code == TenantErrorCode.INVALID
    assert "timezone" in caught.value.errors
    assert not schema_exists("nuevo")


def test_create_tenant_command_creates_schema_domain_and_first_administrator(tenant_a):
    call_command(
        "create_tenant",
        name="Estudio Luz",
        slug="Estudio_Luz",
        domain="Luz.testserver",
        admin_email="Duena@Luz.test",
        admin_password=TEST_PASSWORD,
        admin_username="duena",
        business_type=BusinessType.AGRO_TRACEABILITY,
        plan=Plan.BASIC,
    )
    tenant = Tenant.objects.get(schema_name="estudio_luz")
    try:
        assert (tenant.name, tenant.business_type, tenant.plan, tenant.is_active) == (
            "Estudio Luz",
            BusinessType.AGRO_TRACEABILITY,
            Plan.BASIC,
            True,
        )
        assert tenant.primary_domain == "luz.testserver"
        assert schema_exists("estudio_luz")
        with schema_context("estudio_luz"):
            admin = User.objects.get(username="duena")
            assert admin.email == "duena@luz.test"
            assert admin.is_superuser and admin.is_staff
            assert [group.name for group in admin.groups.all()] == [Role.ADMINISTRATOR]
        response = APIClient(HTTP_HOST="luz.testserver").post(
            "/api/v1/auth/token/", {"username": "duena", "password": TEST_PASSWORD}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["usuario"]["roles"] == [Role.ADMINISTRATOR]
    finally:
        connection.set_schema_to_public()
        tenant_drop(tenant=tenant)
    assert not schema_exists("estudio_luz")
    assert not Domain.objects.filter(domain="luz.testserver").exists()


def test_create_tenant_command_reports_refusals_as_command_errors(tenant_a):
    with pytest.raises(CommandError, match=TenantErrorCode.INVALID_SLUG):
        call_command(
            "create_tenant",
            name="X",
            slug="admin",
            domain="x.testserver",
            admin_email="a@x.test",
            admin_password=TEST_PASSWORD,
        )
    with pytest.raises(CommandError, match=TenantErrorCode.DUPLICATE_DOMAIN):
        call_command(
            "create_tenant",
            name="X",
            slug="equis",
            domain="alpha.testserver",
            admin_email="a@x.test",
            admin_password=TEST_PASSWORD,
        )


def test_public_tenant_ensure_is_idempotent(test_tenants, db):
    first = public_tenant_ensure(domain="testserver")
    again = public_tenant_ensure(domain="testserver")
    assert first.pk == again.pk
    assert first.is_public
    assert Tenant.objects.filter(schema_name="public").count() == 1
    assert Domain.objects.filter(domain="testserver").count() == 1


def test_tenant_model_helpers(tenant_a):
    assert tenant_a.slug == "alpha"
    assert str(tenant_a) == "Estudio Alfa"
    assert not tenant_a.is_public
    assert tenant_a.primary_domain == "alpha.testserver"
    assert str(tenant_a.domains.get()) == "alpha.testserver"


def test_a_failure_after_the_schema_exists_drops_it_again(tenant_a, monkeypatch):
    """Inside a transaction too (the admin's): the drop must not trip on pending foreign-key checks."""
    from fotostudio.users import services as user_services

    def refuse(**kwargs):
        raise RuntimeError("el servidor de correo no responde")

    monkeypatch.setattr(user_services, "user_create", refuse)
    with pytest.raises(RuntimeError):
        tenant_create(
            name="Fallido",
            slug="fallido",
            domain="fallido.testserver",
            admin_email="admin@fallido.test",
            admin_password=TEST_PASSWORD,
        )
    assert not schema_exists("fallido")
    assert not Tenant.objects.filter(schema_name="fallido").exists()
    assert not Domain.objects.filter(domain="fallido.testserver").exists()
    # the transaction is still usable, and deferred constraints are deferred again
    assert Tenant.objects.filter(schema_name="alpha").exists()
