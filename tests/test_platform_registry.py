"""The module registry decides what each tenant gets: API routes, sidebar, admin, roles."""

import re
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings

from fotostudio.core.registry import (
    ModuleSpec,
    SidebarItem,
    all_modules,
    enabled_modules,
    get_module,
    is_module_enabled,
    resolve_callables,
)
from fotostudio.users.services import role_permission_codenames
from tenants import choices
from tenants.models import BusinessType, Plan


def _spec(**fields) -> ModuleSpec:
    return ModuleSpec(label="demo_mod", name="Demo", icon="star", **fields)


def test_a_module_is_enabled_by_business_type_and_plan(tenant_a, tenant_agro):
    photo_only = _spec(business_types=frozenset({BusinessType.PHOTO_STUDIO}))
    assert photo_only.is_enabled_for(tenant_a)
    assert not photo_only.is_enabled_for(tenant_agro)
    enterprise_only = _spec(business_types=frozenset({BusinessType.PHOTO_STUDIO}), plans=frozenset({Plan.ENTERPRISE}))
    assert tenant_a.plan == Plan.PROFESSIONAL
    assert not enterprise_only.is_enabled_for(tenant_a)
    any_type = _spec(plans=frozenset({Plan.PROFESSIONAL}))
    assert any_type.is_enabled_for(tenant_agro)


def test_always_enabled_and_public_host_modules(tenant_a, test_tenants):
    from tenants.models import Tenant

    public = Tenant.objects.get(schema_name="public")
    platform = _spec(always_enabled=True, business_types=frozenset({"otro"}))
    assert platform.is_enabled_for(tenant_a)
    assert not platform.is_enabled_for(public)
    assert _spec(on_public_host=True).is_enabled_for(public)
    assert not _spec().is_enabled_for(None)


def test_the_registry_lists_the_platform_modules_in_order(tenant_a):
    labels = [spec.label for spec in all_modules()]
    assert {"users", "audit"} <= set(labels)
    orders = [spec.order for spec in all_modules()]
    assert orders == sorted(orders)
    assert get_module("users").api_urls == "fotostudio.users.api.urls"
    assert get_module("no_existe") is None
    assert is_module_enabled("audit", tenant_a)
    assert not is_module_enabled("no_existe", tenant_a)
    assert {"users", "audit"} <= {spec.label for spec in enabled_modules(tenant_a)}


def test_resolve_callables_imports_dotted_paths():
    (section,) = resolve_callables(["fotostudio.users.dashboard.team_section"])
    assert section.__name__ == "team_section"


def test_roles_get_every_action_on_every_model_of_a_module_with_a_star():
    grants = role_permission_codenames()
    assert {("users", f"{action}_user") for action in ("view", "add", "change", "delete")} <= grants["Administrador"]
    assert ("audit", "view_accesslog") in grants["Gerente"]
    assert not any(app in {"users", "audit"} for app, _code in grants["Solo lectura"])


@pytest.fixture
def users_module_for_agro_only(replace_module_spec):
    """The users module as if it were sold only to agro tenants."""
    return replace_module_spec(
        "users", always_enabled=False, business_types=frozenset({BusinessType.AGRO_TRACEABILITY})
    )


def test_a_disabled_modules_api_answers_404(users_module_for_agro_only, tenant_a, tenant_agro, make_user, api_client):
    alpha = api_client(tenant_a, make_user(tenant_a, "Administrador"))
    for path in ("/api/v1/users/", "/api/users/", "/api/v1/usuarios/permisos/"):
        response = alpha.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "No encontrado.", "code": "not_found"}
    campo = api_client(tenant_agro, make_user(tenant_agro, "Administrador"))
    assert campo.get("/api/v1/users/").status_code == 200
    assert alpha.get("/api/v1/auth/profile/").status_code == 200  # authentication is not a module


def test_a_disabled_module_is_absent_from_the_sidebar_and_the_admin(
    users_module_for_agro_only, tenant_a, tenant_agro, make_user, admin_client_for
):
    alpha = admin_client_for(tenant_a, make_user(tenant_a, "Administrador"))
    page = alpha.get("/admin/")
    titles = [str(group["title"]) for group in page.context["sidebar_navigation"]]
    assert "Usuarios y roles" not in titles
    assert "Auditoría" in titles
    assert alpha.get("/admin/users/user/").status_code == 403
    campo = admin_client_for(tenant_agro, make_user(tenant_agro, "Administrador"))
    campo_titles = [str(group["title"]) for group in campo.get("/admin/").context["sidebar_navigation"]]
    assert "Usuarios y roles" in campo_titles


def test_a_sidebar_item_whose_model_has_no_admin_is_left_out(
    replace_module_spec, tenant_a, make_user, admin_client_for
):
    sidebar = apps.get_app_config("audit").module_spec.sidebar
    replace_module_spec("audit", sidebar=(*sidebar, SidebarItem("Sesiones", "key", "sessions.Session")))
    page = admin_client_for(tenant_a, make_user(tenant_a, "Administrador")).get("/admin/")
    titles = [str(item["title"]) for group in page.context["sidebar_navigation"] for item in group["items"]]
    assert "Accesos" in titles and "Sesiones" not in titles


def test_tenant_choices_are_importable_without_models_and_re_exported():
    """An ``apps.py`` runs while the app registry loads: ``tenants.choices`` must not need it."""
    code = (
        "import sys; import modules.clients.apps as clients; "
        "assert 'tenants.models' not in sys.modules, 'apps.py pulled in tenants.models'; "
        "print(sorted(map(str, clients.ClientsConfig.module_spec.business_types)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['photo_studio']"
    assert (BusinessType, Plan) == (choices.BusinessType, choices.Plan)


def test_the_architecture_example_runs_and_is_the_clients_module_spec():
    text = (settings.BASE_DIR / "docs" / "architecture.md").read_text(encoding="utf-8")
    [example] = [block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "ModuleSpec(" in block]
    namespace: dict = {"__name__": "architecture_example"}
    exec(compile(example, "docs/architecture.md", "exec"), namespace)
    documented, real = namespace["ClientsConfig"], apps.get_app_config("clients")
    assert (documented.name, documented.label) == (real.name, real.label)
    assert documented.module_spec == real.module_spec
