"""``bootstrap`` (what ``make run`` runs) and ``seed_demo``: the demo tenant, its users, idempotence.

The demo tenant's schema is created inside the test's transaction and rolled back with it.
"""

import io
import json
import re

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from conftest import TEST_PASSWORD
from fotostudio.core.registry import enabled_modules
from fotostudio.users.demo import DEMO_USERS
from fotostudio.users.models import User
from fotostudio.users.roles import roles_for
from tenants import demo
from tenants.models import Tenant
from tenants.services import tenant_drop


def _run(command, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    connection.set_schema_to_public()
    return out.getvalue()


def _assert_each_step_is_printed_with_its_duration_before_the_summary(output, tenant, test_tenants) -> None:
    seeded = [f"· Datos demo: {spec.name}" for spec in enabled_modules(tenant) if spec.demo_seeder]
    assert {"· Datos demo: Clientes", "· Datos demo: Usuarios y roles"} <= set(seeded)
    steps = [line.strip() for line in output.splitlines() if line.strip().startswith("·")]
    assert [re.sub(r"… \d+,\d s$", "", step) for step in steps] == [
        "· Migrando el esquema público",
        f"· Migrando los esquemas de los negocios ({len(test_tenants)})",
        "· Personal de plataforma (usuario «platform»)",
        "· Negocio demo «Estudio Fotográfico Demo»",
        *seeded,
    ]
    assert output.index("Preparando FotoStudio:") < output.index(steps[0]) < output.index("FotoStudio está listo.")


# One bootstrap for everything it must show: it migrates and seeds the whole demo, the slowest step of the suite.
def test_bootstrap_creates_platform_staff_demo_tenant_and_demo_users_then_seed_demo_changes_nothing(
    test_tenants, db, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", TEST_PASSWORD)
    output = _run("bootstrap", port="8123")
    tenant = Tenant.objects.get(schema_name="demo")
    try:
        _assert_each_step_is_printed_with_its_duration_before_the_summary(output, tenant, test_tenants)
        assert "http://demo.testserver:8123/admin/" in output
        assert TEST_PASSWORD in output
        assert schema_exists("demo")
        assert tenant.primary_domain == "demo.testserver"
        with schema_context("public"):
            platform = User.objects.get(username="platform")
            assert platform.is_superuser and platform.check_password(TEST_PASSWORD)
        with schema_context("demo"):
            usernames = set(User.objects.values_list("username", flat=True))
            assert usernames == {
                "admin",
                *(name for name, _full, role in DEMO_USERS if role in roles_for(tenant.business_type)),
            }
            roles = {user.username: [g.name for g in user.groups.all()] for user in User.objects.all()}
            assert roles["ventas"] == ["Ventas"]
            assert roles["admin"] == ["Administrador"]
            before = User.objects.count()

        again = _run("seed_demo")
        assert "ya existía" in again
        assert "users" in again
        _run("bootstrap")  # a second ``make run`` is harmless too
        with schema_context("demo"):
            assert User.objects.count() == before
        with schema_context("public"):
            assert User.objects.filter(username="platform").count() == 1
        assert Tenant.objects.filter(schema_name="demo").count() == 1
    finally:
        tenant_drop(tenant=tenant)


def test_demo_password_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / ".demo-credentials")
    first = demo.demo_credentials()
    assert first.password.startswith("Demo-")
    assert json.loads((tmp_path / ".demo-credentials").read_text()) == {"password": first.password}
    assert (tmp_path / ".demo-credentials").stat().st_mode & 0o777 == 0o600
    assert demo.demo_credentials().password == first.password


def test_demo_password_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Desde-El-Entorno-1")
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / ".demo-credentials")
    assert demo.demo_credentials().password == "Desde-El-Entorno-1"
    assert not (tmp_path / ".demo-credentials").exists()


def test_demo_seeders_run_only_for_enabled_modules_and_are_idempotent(tenant_agro):
    credentials = demo.DemoCredentials("platform", "platform@example.com", "admin", TEST_PASSWORD)
    seeded = demo.demo_data_seed(tenant_agro, credentials)
    assert "users" in seeded
    with schema_context("campo"):
        count = User.objects.count()
    demo.demo_data_seed(tenant_agro, credentials)
    with schema_context("campo"):
        assert User.objects.count() == count
        assert User.objects.filter(username="lectura").exists()
