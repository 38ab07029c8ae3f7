"""``manage.py check`` refuses a module declaration that would fail later."""

import pytest
from django.core.management import call_command

from fotostudio.core.checks import check_module_specs
from fotostudio.core.registry import SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


def _ids(errors) -> set[str]:
    return {error.id for error in errors}


def test_the_project_declares_its_modules_correctly():
    assert check_module_specs() == []
    call_command("check", fail_level="ERROR")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"label": "no_such_app"}, "fotostudio.E001"),
        ({"business_types": frozenset({"bakery"})}, "fotostudio.E002"),
        ({"plans": frozenset({"gold"})}, "fotostudio.E002"),
        ({"roles": {"Panadero": ("view",)}}, "fotostudio.E003"),
        ({"roles": {Role.SALES: ("view", "approve")}}, "fotostudio.E003"),
        ({"roles": {Role.FIELD_TECHNICIAN: ("view",)}}, "fotostudio.E003"),  # an agro role on a studio module
        ({"api_urls": "modules.clients.api.missing"}, "fotostudio.E004"),
        ({"dashboard_sections": ("modules.clients.dashboard.nothing_here",)}, "fotostudio.E005"),
        ({"demo_seeder": "modules.clients.models.ClientType.PRIVATE"}, "fotostudio.E005"),
        ({"sidebar": (SidebarItem("Nada", "x", "clients.Nothing"),)}, "fotostudio.E006"),
    ],
)
def test_a_wrong_declaration_is_named_at_start_up(replace_module_spec, changes, expected):
    replace_module_spec("clients", **changes)
    errors = check_module_specs()
    assert expected in _ids(errors), [error.msg for error in errors]
    assert all("clients" in str(error.obj) or "no_such_app" in str(error.obj) for error in errors)


def test_export_is_a_known_action_where_a_model_declares_its_permission(replace_module_spec):
    replace_module_spec("clients", roles={Role.ADMINISTRATOR: ("*",), Role.READ_ONLY: ("view", "export")})
    assert check_module_specs() == []


def test_export_granted_on_a_module_whose_models_cannot_be_exported_is_refused(replace_module_spec):
    """The audit log declares no export permission: a grant of "export" there would do nothing."""
    replace_module_spec("audit", roles={Role.ADMINISTRATOR: ("view", "export"), Role.MANAGER: ("*",)})
    (error,) = check_module_specs()
    assert error.id == "fotostudio.E009" and "'audit'" in error.msg and "Administrador" in error.msg
    assert "Meta.permissions" in error.hint


def test_a_role_of_every_business_is_fine_on_an_always_enabled_module(replace_module_spec):
    replace_module_spec("audit", roles={Role.ADMINISTRATOR: ("view",), Role.QUALITY: ("view",), Role.SALES: ("view",)})
    assert check_module_specs() == []


def test_agro_roles_fit_an_agro_module(replace_module_spec):
    replace_module_spec(
        "clients",
        business_types=frozenset({BusinessType.AGRO_TRACEABILITY}),
        roles={Role.ADMINISTRATOR: ("*",), Role.QUALITY: ("view",)},
    )
    assert check_module_specs() == []


def test_two_modules_with_one_label_are_refused(replace_module_spec):
    replace_module_spec("audit", label="clients")
    assert "fotostudio.E007" in _ids(check_module_specs())


def test_a_vocabulary_naming_a_missing_field_is_refused():
    from fotostudio.core import vocabulary as vocabularies
    from fotostudio.core.checks import check_vocabularies
    from modules.clients.models import Client

    assert check_vocabularies() == []
    vocabularies.Vocabulary(Client, {"name": "nombre", "nickname": "apodo"})
    try:
        (error,) = check_vocabularies()
        assert error.id == "fotostudio.E008" and "nickname" in error.msg
        assert vocabularies.Vocabulary(Client, {"nickname": "apodo"}, extra=["nickname"]).problems() == []
    finally:
        vocabularies._vocabularies[:] = [v for v in vocabularies._vocabularies if "nickname" not in v.names]


def test_two_fields_cannot_share_one_outside_name():
    from fotostudio.core.vocabulary import Vocabulary
    from modules.clients.models import Client

    with pytest.raises(ValueError, match="share one outside name"):
        Vocabulary(Client, {"name": "nombre", "notes": "nombre"})
