"""Users and roles services: normalisation, uniqueness, role groups from the registry, token revocation."""

import pytest
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from conftest import TEST_PASSWORD
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.users.models import Role, User
from fotostudio.users.services import (
    UserErrorCode,
    role_permission_codenames,
    roles_sync,
    user_create,
    user_delete,
    user_revoke_refresh_tokens,
    user_update,
    user_validate_new,
)
from fotostudio.users.tokens import tokens_for_user


@pytest.fixture
def in_alpha(tenant_a):
    with schema_context("alpha"):
        yield tenant_a


def _permissions(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_each_tenant_has_exactly_the_roles_of_its_business_type(in_alpha, tenant_agro):
    studio = {"Administrador", "Gerente", "Ventas", "Producción", "Fotógrafo", "Contabilidad", "Solo lectura"}
    assert set(Group.objects.values_list("name", flat=True)) == studio
    with schema_context(tenant_agro.schema_name):
        agro = set(Group.objects.values_list("name", flat=True))
    assert agro == {"Administrador", "Gerente", "Técnico de campo", "Calidad", "Logística", "Solo lectura"}


def test_roles_sync_removes_the_roles_of_another_business_type(tenant_agro):
    with schema_context(tenant_agro.schema_name):
        Group.objects.create(name=Role.PHOTOGRAPHER)
        roles_sync()
        assert not Group.objects.filter(name=Role.PHOTOGRAPHER).exists()
        assert Group.objects.filter(name=Role.FIELD_TECHNICIAN).exists()


def test_a_role_of_another_business_type_is_refused(tenant_agro):
    with schema_context(tenant_agro.schema_name), pytest.raises(ApplicationError) as refused:
        user_create(username="foto", email="foto@campo.test", password=TEST_PASSWORD, roles=[Role.PHOTOGRAPHER])
    assert refused.value.code == "user_unknown_role"
    assert "Técnico de campo" in refused.value.errors["roles"][0]


def test_role_permissions_come_from_the_module_registry(in_alpha):
    administrator = _permissions(Role.ADMINISTRATOR)
    assert {"users.view_user", "users.add_user", "users.change_user", "users.delete_user"} <= administrator
    assert {"audit.view_accesslog", "users.view_rolegroup", "users.change_rolegroup"} <= administrator
    assert "audit.delete_accesslog" not in administrator
    assert _permissions(Role.MANAGER) >= {"users.view_user", "audit.view_accesslog"}
    assert "users.add_user" not in _permissions(Role.MANAGER)
    assert not any(code.startswith("users.") for code in _permissions(Role.READ_ONLY))


def test_export_is_granted_only_where_the_module_says_and_the_model_declares_it(in_alpha):
    for role in (Role.ADMINISTRATOR, Role.MANAGER, Role.SALES, Role.ACCOUNTING):
        assert "clients.export_client" in _permissions(role), role
    for role in (Role.PHOTOGRAPHER, Role.PRODUCTION, Role.READ_ONLY):
        assert "clients.export_client" not in _permissions(role), role
        assert "clients.view_client" in _permissions(role), role
    for role in (Role.ADMINISTRATOR, Role.MANAGER, Role.SALES, Role.ACCOUNTING):
        assert "contracts.export_contract" in _permissions(role), role
    grants = role_permission_codenames()[Role.ADMINISTRATOR]  # "*" on the platform's modules: nothing to export
    platform = {"users", "audit", "jobs", "configuration", "documents", "alerts", "notifications", "backups"}
    assert not {codename for _app, codename in grants if codename.startswith("export_") and _app in platform}


def test_roles_sync_restores_permissions_changed_by_hand(in_alpha):
    group = Group.objects.get(name=Role.MANAGER)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    Group.objects.get(name=Role.SALES).delete()
    counts = roles_sync()
    assert "users.delete_user" not in _permissions(Role.MANAGER)
    assert Group.objects.filter(name=Role.SALES).exists()
    assert counts[Role.ADMINISTRATOR] == len(role_permission_codenames()[Role.ADMINISTRATOR])


def test_user_create_normalises_and_assigns_roles(in_alpha):
    user = user_create(
        username=" nora ",
        email=" Nora@Alfa.TEST ",
        password=TEST_PASSWORD,
        full_name=" Nora N ",
        roles=[Role.SALES, Role.SALES, Role.ACCOUNTING],
    )
    assert (user.username, user.email, user.full_name) == ("nora", "nora@alfa.test", "Nora N")
    assert sorted(user.groups.values_list("name", flat=True)) == sorted([Role.SALES, Role.ACCOUNTING])
    assert user.is_staff and not user.is_superuser
    assert str(user) == "Nora N"
    assert user.get_full_name() == "Nora N"
    assert user.get_short_name() == "nora"


def test_user_create_recreates_a_missing_role_group(in_alpha):
    Group.objects.filter(name=Role.PHOTOGRAPHER).delete()
    user = user_create(username="foto", email="foto@alfa.test", password=TEST_PASSWORD, roles=[Role.PHOTOGRAPHER])
    assert list(user.groups.values_list("name", flat=True)) == [Role.PHOTOGRAPHER]


def test_user_create_refuses_unknown_roles_duplicates_and_weak_passwords(in_alpha):
    user_create(username="ya", email="ya@alfa.test", password=TEST_PASSWORD)
    with pytest.raises(ApplicationError) as caught:
        user_create(username="x", email="x@alfa.test", password=TEST_PASSWORD, roles=["Jefe"])
    assert caught.value.code == UserErrorCode.UNKNOWN_ROLE
    with pytest.raises(ConflictError) as caught:
        user_create(username="YA", email="otro@alfa.test", password=TEST_PASSWORD)
    assert caught.value.code == UserErrorCode.DUPLICATE_USERNAME
    with pytest.raises(ConflictError) as caught:
        user_create(username="otro", email="YA@alfa.test", password=TEST_PASSWORD)
    assert caught.value.code == UserErrorCode.DUPLICATE_EMAIL
    with pytest.raises(ApplicationError) as caught:
        user_create(username="debil", email="debil@alfa.test", password="debil")
    assert caught.value.code == UserErrorCode.INVALID_PASSWORD
    assert not User.objects.filter(username__in=["x", "debil"]).exists()


def test_user_validate_new_checks_fields_and_password_without_saving(in_alpha):
    count = User.objects.count()
    user_validate_new(username="libre", email="libre@alfa.test", password=TEST_PASSWORD)
    with pytest.raises(ApplicationError) as caught:
        user_validate_new(username="libre", email="libre", password=TEST_PASSWORD)
    assert caught.value.code == UserErrorCode.INVALID
    assert "email" in caught.value.errors
    with pytest.raises(ApplicationError) as caught:
        user_validate_new(username="libre", email="libre@alfa.test", password="libre@alfa.test")
    assert caught.value.code == UserErrorCode.INVALID_PASSWORD
    assert User.objects.count() == count


def test_user_update_changes_only_given_fields(in_alpha):
    user = user_create(username="cambia", email="cambia@alfa.test", password=TEST_PASSWORD, phone="099 111 2222")
    user_update(user=user, data={"full_name": " Camila ", "email": "CAMILA@alfa.test", "roles": [Role.MANAGER]})
    user.refresh_from_db()
    assert (user.full_name, user.email, user.phone) == ("Camila", "camila@alfa.test", "0991112222")
    assert list(user.groups.values_list("name", flat=True)) == [Role.MANAGER]
    with pytest.raises(ApplicationError) as caught:
        user_update(user=user, data={"password": "corta"})
    assert caught.value.errors == {"password": caught.value.errors["password"]}


def test_deactivating_or_changing_the_password_blacklists_refresh_tokens(in_alpha):
    user = user_create(username="sesiones", email="s@alfa.test", password=TEST_PASSWORD)
    tokens_for_user(user)
    tokens_for_user(user)
    assert OutstandingToken.objects.filter(user=user).count() == 2
    user_update(user=user, data={"is_active": False})
    assert BlacklistedToken.objects.filter(token__user=user).count() == 2
    assert user_revoke_refresh_tokens(user=user) == 0  # nothing left to revoke
    tokens_for_user(user)
    user_update(user=user, data={"password": "Otra-Clave-Segura-1"})
    assert BlacklistedToken.objects.filter(token__user=user).count() == 3


def test_manager_helpers_used_by_createsuperuser(in_alpha):
    user = User.objects.create_user("gestor", "Gestor@EJEMPLO.com", TEST_PASSWORD)
    assert user.email == "Gestor@ejemplo.com"  # Django normalises the domain part
    assert user.check_password(TEST_PASSWORD)
    superuser = User.objects.create_superuser("raiz", "raiz@ejemplo.com", TEST_PASSWORD)
    assert superuser.is_superuser and superuser.is_staff


def test_sign_in_backend_needs_both_credentials_and_an_active_user(in_alpha):
    from fotostudio.users.backends import UsernameOrEmailBackend

    backend = UsernameOrEmailBackend()
    user = user_create(username="back", email="back@alfa.test", password=TEST_PASSWORD)
    assert backend.authenticate(None, username="BACK@alfa.test", password=TEST_PASSWORD) == user
    assert backend.authenticate(None, username=None, password=TEST_PASSWORD) is None
    assert backend.authenticate(None, username="back", password=None) is None
    user_update(user=user, data={"is_active": False})
    assert backend.authenticate(None, username="back", password=TEST_PASSWORD) is None


def _only_administrator(make_user, tenant):
    """A new Administrador who is the business's only active one (the tenant's first is deactivated)."""
    last = make_user(tenant, Role.ADMINISTRATOR, username="ultima")
    with schema_context(tenant.schema_name):
        for other in User.objects.filter(groups__name=Role.ADMINISTRATOR).exclude(pk=last.pk):
            user_update(user=other, data={"is_active": False})
    return last


@pytest.mark.parametrize(
    "change",
    [{"roles": [Role.MANAGER]}, {"roles": []}, {"is_active": False}, {"is_active": False, "roles": [Role.SALES]}],
)
def test_the_last_administrator_cannot_be_demoted_or_deactivated(change, tenant_a, make_user):
    last = _only_administrator(make_user, tenant_a)
    with schema_context("alpha"), pytest.raises(ConflictError) as refused:
        user_update(user=last, data=change)
    assert refused.value.code == UserErrorCode.LAST_ADMINISTRATOR
    assert "ultima" in refused.value.message
    with schema_context("alpha"):
        last.refresh_from_db()
        assert last.is_active
        assert list(last.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR]


def test_the_last_administrator_cannot_be_deleted(tenant_a, make_user):
    last = _only_administrator(make_user, tenant_a)
    someone = make_user(tenant_a, Role.MANAGER)
    with schema_context("alpha"), pytest.raises(ConflictError) as refused:
        user_delete(user=last, acting_user=someone)
    assert refused.value.code == UserErrorCode.LAST_ADMINISTRATOR


def test_an_administrator_with_another_active_one_beside_them_can_go(tenant_a, make_user):
    last = _only_administrator(make_user, tenant_a)
    other = make_user(tenant_a, Role.ADMINISTRATOR, username="relevo")
    with schema_context("alpha"):
        user_update(user=last, data={"roles": [Role.MANAGER], "full_name": "Ex"})
        with pytest.raises(ConflictError):  # now the other one is the last
            user_update(user=other, data={"is_active": False})
        user_update(user=other, data={"roles": [Role.ADMINISTRATOR, Role.SALES], "phone": ""})  # keeps the role
        user_delete(user=last, acting_user=other)
        assert not User.objects.filter(pk=last.pk).exists()


def test_an_inactive_or_non_administrator_user_is_not_held_back(tenant_a, make_user):
    _only_administrator(make_user, tenant_a)
    with schema_context("alpha"):
        former = User.objects.filter(groups__name=Role.ADMINISTRATOR, is_active=False).first()
        user_update(user=former, data={"roles": []})
        assert not former.groups.exists()
    seller = make_user(tenant_a, Role.SALES)
    with schema_context("alpha"):
        user_update(user=seller, data={"is_active": False, "roles": []})
        seller.refresh_from_db()
        assert not seller.is_active and not seller.groups.exists()


def test_platform_staff_have_no_administrator_rule(test_tenants, make_user):
    staff = make_user(None, is_superuser=True)
    user_update(user=staff, data={"is_active": False, "roles": []})
    staff.refresh_from_db()
    assert not staff.is_active
