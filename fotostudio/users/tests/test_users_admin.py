"""The users and roles admin: pages per role, the add form, edits and actions (they call the services)."""

import importlib
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from conftest import TEST_PASSWORD
from fotostudio.users.models import Role, User
from fotostudio.users.roles import roles_for
from tenants.choices import BusinessType

STUDIO_ROLES = [role.value for role in roles_for(BusinessType.PHOTO_STUDIO)]

ADMIN_PAGES = {
    "/admin/": set(STUDIO_ROLES),
    "/admin/users/user/": {Role.ADMINISTRATOR, Role.MANAGER},
    "/admin/audit/accesslog/": {Role.ADMINISTRATOR, Role.MANAGER},
    "/admin/users/rolegroup/": {Role.ADMINISTRATOR},
    "/admin/users/user/add/": {Role.ADMINISTRATOR},
}


@pytest.mark.parametrize("role", STUDIO_ROLES)
def test_admin_pages_render_for_each_role(role, tenant_a, make_user, admin_client_for):
    user = make_user(tenant_a, role)
    browser = admin_client_for(tenant_a, user)
    for path, allowed in ADMIN_PAGES.items():
        response = browser.get(path)
        assert response.status_code == (200 if role in allowed else 403), (role, path)
    own_page = browser.get(f"/admin/users/user/{user.pk}/change/")
    assert own_page.status_code == (200 if role in {Role.ADMINISTRATOR, Role.MANAGER} else 403)


@pytest.mark.parametrize("role", STUDIO_ROLES)
def test_sidebar_shows_what_the_role_may_see(role, tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    response = browser.get("/admin/")
    visible = {
        item["link"]
        for group in response.context["sidebar_navigation"]
        for item in group["items"]
        if item.get("has_permission", True)
    }
    assert "/admin/" in visible
    assert ("/admin/users/user/" in visible) == (role in {Role.ADMINISTRATOR, Role.MANAGER})
    assert ("/admin/users/rolegroup/" in visible) == (role == Role.ADMINISTRATOR)


def test_user_pages_render_with_data(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR, username="jefa")
    make_user(tenant_a, Role.SALES, username="vendedor", full_name="Víctor Venta")
    browser = admin_client_for(tenant_a, admin)
    listing = browser.get("/admin/users/user/?q=vend")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Víctor Venta" in content and "Ventas" in content
    assert browser.get("/admin/users/user/?is_active__exact=1&groups__id__exact=1").status_code == 200
    roles = browser.get("/admin/users/rolegroup/")
    assert Role.ADMINISTRATOR in roles.content.decode()
    with schema_context("alpha"):
        group = Group.objects.get(name=Role.SALES)
    assert browser.get(f"/admin/users/rolegroup/{group.pk}/change/").status_code == 200


def test_administrator_adds_a_user_with_roles_through_the_admin(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    with schema_context("alpha"):
        sales = Group.objects.get(name=Role.SALES)
    response = browser.post(
        "/admin/users/user/add/",
        {
            "username": "desde_panel",
            "email": "Panel@Alfa.test",
            "full_name": "Desde Panel",
            "phone": "",
            "roles": [str(sales.pk)],
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    with schema_context("alpha"):
        user = User.objects.get(username="desde_panel")
        assert user.email == "panel@alfa.test"
        assert user.check_password(TEST_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [Role.SALES]


def test_admin_add_form_refuses_a_taken_email(tenant_a, make_user, admin_client_for):
    make_user(tenant_a, email="tomado@alfa.test")
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    response = browser.post(
        "/admin/users/user/add/",
        {"username": "otro", "email": "tomado@alfa.test", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_administrator_edits_a_user_through_the_admin(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    target = make_user(tenant_a, Role.SALES, username="editable", full_name="Antes")
    url = f"/admin/users/user/{target.pk}/change/"
    form = browser.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    with schema_context("alpha"):
        manager = Group.objects.get(name=Role.MANAGER)
    data.update(
        {
            "full_name": "Después",
            "groups": [str(manager.pk)],
            "is_active": "on",
            "is_staff": "on",
        }
    )
    data.pop("is_superuser", None)
    data.pop("avatar", None)
    response = browser.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    with schema_context("alpha"):
        target.refresh_from_db()
        assert target.full_name == "Después"
        assert list(target.groups.values_list("name", flat=True)) == [Role.MANAGER]


def test_deactivate_and_activate_actions(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    browser = admin_client_for(tenant_a, admin)
    first, second = make_user(tenant_a, username="uno"), make_user(tenant_a, username="dos")
    selected = [str(first.pk), str(second.pk), str(admin.pk)]
    response = browser.post("/admin/users/user/", {"action": "deactivate_users", "_selected_action": selected})
    assert response.status_code == 302
    with schema_context("alpha"):
        states = dict(User.objects.filter(pk__in=selected).values_list("username", "is_active"))
    assert states == {"uno": False, "dos": False, admin.username: True}  # never oneself
    response = browser.post(
        "/admin/users/user/", {"action": "activate_users", "_selected_action": selected[:1]}, follow=True
    )
    assert "Usuarios activados." in response.content.decode()
    with schema_context("alpha"):
        assert User.objects.get(pk=first.pk).is_active


def test_sync_roles_action_restores_the_registry_permissions(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    with schema_context("alpha"):
        manager = Group.objects.get(name=Role.MANAGER)
        manager.permissions.add(Permission.objects.get(codename="delete_user"))
    response = browser.post(
        "/admin/users/rolegroup/", {"action": "sync_roles", "_selected_action": [str(manager.pk)]}, follow=True
    )
    assert "Permisos de los roles restablecidos." in response.content.decode()
    with schema_context("alpha"):
        assert not manager.permissions.filter(codename="delete_user").exists()


def test_platform_staff_see_only_platform_users(test_tenants, make_user, admin_client_for):
    staff = make_user(None, is_superuser=True, username="plataforma_admin")
    browser = admin_client_for(None, staff)
    listing = browser.get("/admin/users/user/")
    assert listing.status_code == 200
    assert "plataforma_admin" in listing.content.decode()
    assert "admin@alpha.test" not in listing.content.decode()


@pytest.mark.parametrize("page", ["change", "delete", "history", "password"])
def test_a_user_of_another_business_or_none_at_all_is_404(page, tenant_a, tenant_b, make_user, admin_client_for):
    """Every admin on ``BaseModelAdmin`` answers 404 for a record not in this schema (Django would redirect)."""
    theirs = make_user(tenant_b, Role.SALES)
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR, is_superuser=True))
    for object_id in (theirs.pk, uuid.uuid4(), "not-a-uuid"):
        response = browser.get(f"/admin/users/user/{object_id}/{page}/")
        assert response.status_code == 404, (page, object_id)


def test_a_missing_role_is_404_too(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR, is_superuser=True))
    assert browser.get("/admin/users/rolegroup/987654/change/").status_code == 404
    assert browser.post("/admin/users/rolegroup/987654/delete/", {"post": "yes"}).status_code == 404


def test_the_state_badge_comes_from_the_base_admin_and_sorts(tenant_a, make_user, admin_client_for):
    make_user(tenant_a, Role.SALES, username="inactiva", is_active=False)
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR, username="activa"))
    position = ["username", "full_name", "email", "role_names", "active_badge", "last_login"].index("active_badge")
    response = browser.get("/admin/users/user/", {"o": str(position + 1)})  # sort by state, inactive first
    assert response.status_code == 200
    content = response.content.decode()
    assert "Inactivo" in content and "Activo" in content
    assert content.index(">inactiva<") < content.index(">activa<")


# --- the users admin for a newcomer ----------------------------------------------------------

GROUP_WORDS = ("Grupos", "grupos", "Autenticación y autorización")


def test_the_roles_picker_is_unfolds_styled_check_boxes_of_the_business_roles(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    browser = admin_client_for(tenant_a, admin)
    for url, name in (("/admin/users/user/add/", "roles"), (f"/admin/users/user/{admin.pk}/change/", "groups")):
        response = browser.get(url)
        field = response.context["adminform"].form.fields[name]
        assert isinstance(field.widget, UnfoldAdminCheckboxSelectMultipleWidget), url
        assert field.label == "Roles"
        assert [label for _value, label in field.choices] == STUDIO_ROLES  # in the roles' order
        content = response.content.decode()
        assert f'type="checkbox" name="{name}"' in content
        assert "checked:bg-primary-600" in content  # unfold's check box styles
        assert "<select" not in content.split(f'id="id_{name}"')[1].split("</div>")[0]


def test_nothing_says_groups_where_roles_are_managed(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    browser = admin_client_for(tenant_a, admin)
    with schema_context("alpha"):
        sales = Group.objects.get(name=Role.SALES)
    pages = [
        "/admin/",
        "/admin/users/user/",
        "/admin/users/user/add/",
        f"/admin/users/user/{admin.pk}/change/",
        "/admin/users/rolegroup/",
        f"/admin/users/rolegroup/{sales.pk}/change/",
    ]
    for page in pages:
        response = browser.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        assert not [word for word in GROUP_WORDS if word in content], page
    roles_page = browser.get("/admin/users/rolegroup/").content.decode()
    assert "Roles" in roles_page and "Administrador" in roles_page
    assert browser.get("/admin/auth/group/").status_code == 404  # not registered any more
    listing = browser.get("/admin/users/user/").context["cl"]
    assert [str(spec.title) for spec in listing.filter_specs if spec.title.startswith("rol")] == ["roles"]


def test_the_user_page_shows_no_password_hash_but_a_link_to_change_it(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    target = make_user(tenant_a, Role.SALES)
    browser = admin_client_for(tenant_a, admin)
    response = browser.get(f"/admin/users/user/{target.pk}/change/")
    content = response.content.decode()
    assert "password" not in response.context["adminform"].form.fields
    with schema_context("alpha"):
        stored = User.objects.get(pk=target.pk).password
    algorithm, _rest = stored.split("$", 1)
    assert stored not in content and stored.rsplit("$", 1)[-1][:6] not in content
    assert algorithm not in content.lower()
    assert f'href="/admin/users/user/{target.pk}/password/"' in content
    assert "Cambiar la contraseña" in content
    assert browser.get(f"/admin/users/user/{target.pk}/password/").status_code == 200


def test_a_business_administrator_gets_no_superuser_or_staff_switches(tenant_a, make_user, admin_client_for):
    founder_like = make_user(tenant_a, Role.ADMINISTRATOR, is_superuser=True)
    target = make_user(tenant_a, Role.SALES)
    browser = admin_client_for(tenant_a, founder_like)
    response = browser.get(f"/admin/users/user/{target.pk}/change/")
    fields = response.context["adminform"].form.fields
    assert "is_superuser" not in fields and "is_staff" not in fields
    content = response.content.decode()
    assert 'name="is_superuser"' not in content and 'name="is_staff"' not in content
    # a forged post cannot set them either
    data = {name: response.context["adminform"].form[name].value() for name in fields}
    data.pop("avatar", None)
    data.update({"is_active": "on", "is_superuser": "on", "groups": []})
    with schema_context("alpha"):
        data["groups"] = [str(Group.objects.get(name=Role.SALES).pk)]
    assert browser.post(f"/admin/users/user/{target.pk}/change/", data).status_code == 302
    with schema_context("alpha"):
        target.refresh_from_db()
        assert not target.is_superuser


def test_platform_staff_keep_the_access_switches_and_have_no_roles(test_tenants, make_user, admin_client_for):
    staff = make_user(None, is_superuser=True)
    browser = admin_client_for(None, staff)
    fields = browser.get(f"/admin/users/user/{staff.pk}/change/").context["adminform"].form.fields
    assert {"is_active", "is_staff", "is_superuser"} <= set(fields)
    assert "groups" not in fields and "password" not in fields
    assert "roles" not in browser.get("/admin/users/user/add/").context["adminform"].form.fields
    assert browser.get("/admin/users/rolegroup/").status_code == 403  # roles live in each business


def test_a_manager_sees_a_user_without_the_change_password_link(tenant_a, make_user, admin_client_for):
    target = make_user(tenant_a, Role.SALES)
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.MANAGER))
    content = browser.get(f"/admin/users/user/{target.pk}/change/").content.decode()
    assert "/password/" not in content
    assert "Ventas" in content


def test_administrators_hold_the_roles_permissions_in_every_business(test_tenants, db):
    for tenant in test_tenants.values():
        with schema_context(tenant.schema_name):
            administrators = Group.objects.get(name=Role.ADMINISTRATOR)
            codes = {f"{p.content_type.app_label}.{p.codename}" for p in administrators.permissions.all()}
            assert {"users.view_rolegroup", "users.change_rolegroup"} <= codes, tenant.schema_name
            assert not {code for code in codes if code.startswith("auth.")}, tenant.schema_name
            assert not Group.objects.get(name=Role.MANAGER).permissions.filter(codename__endswith="rolegroup").exists()


def test_the_roles_migration_moves_the_administrators_permissions_both_ways(tenant_a):
    from django.apps import apps

    migration = importlib.import_module("fotostudio.users.migrations.0004_roles")
    with schema_context("alpha"):
        administrators = Group.objects.get(name=Role.ADMINISTRATOR)

        def codes():
            return set(administrators.permissions.filter(codename__contains="group").values_list("codename", flat=True))

        migration.move_back(apps, None)
        assert codes() == {"view_group", "change_group"}
        migration.move_administrator_permissions(apps, None)
        assert codes() == {"view_rolegroup", "change_rolegroup"}
    with schema_context("public"):
        migration.move_administrator_permissions(apps, None)  # no roles there: nothing to move


def test_the_admin_compacts_phones_through_the_service_and_refuses_control_characters(
    tenant_a, make_user, admin_client_for
):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    response = browser.post(
        "/admin/users/user/add/",
        {
            "username": "con_telefono",
            "email": "tel@alfa.test",
            "phone": "(02) 245-6789",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    with schema_context("alpha"):
        user = User.objects.get(username="con_telefono")
    assert user.phone == "022456789"
    url = f"/admin/users/user/{user.pk}/change/"
    form = browser.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.pop("avatar", None)
    data.update({"phone": "099 123\x074567", "is_active": "on"})
    refused = browser.post(url, data)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["phone"]
    data["phone"] = "+593 99 123 4567"
    assert browser.post(url, data).status_code == 302
    with schema_context("alpha"):
        assert User.objects.get(pk=user.pk).phone == "+593991234567"
