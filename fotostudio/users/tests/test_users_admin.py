"""The users and roles admin: pages per role, the add form, edits and actions (they call the services)."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from conftest import TEST_PASSWORD
from fotostudio.users.models import Role, User
from fotostudio.users.roles import roles_for
from tenants.choices import BusinessType

STUDIO_ROLES = [role.value for role in roles_for(BusinessType.PHOTO_STUDIO)]

ADMIN_PAGES = {
    "/admin/": set(STUDIO_ROLES),
    "/admin/users/user/": {Role.ADMINISTRATOR, Role.MANAGER},
    "/admin/audit/accesslog/": {Role.ADMINISTRATOR, Role.MANAGER},
    "/admin/auth/group/": {Role.ADMINISTRATOR},
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
    assert ("/admin/auth/group/" in visible) == (role == Role.ADMINISTRATOR)


def test_user_pages_render_with_data(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR, username="jefa")
    make_user(tenant_a, Role.SALES, username="vendedor", full_name="Víctor Venta")
    browser = admin_client_for(tenant_a, admin)
    listing = browser.get("/admin/users/user/?q=vend")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Víctor Venta" in content and "Ventas" in content
    assert browser.get("/admin/users/user/?is_active__exact=1&groups__id__exact=1").status_code == 200
    roles = browser.get("/admin/auth/group/")
    assert Role.ADMINISTRATOR in roles.content.decode()
    with schema_context("alpha"):
        group = Group.objects.get(name=Role.SALES)
    assert browser.get(f"/admin/auth/group/{group.pk}/change/").status_code == 200


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
        "/admin/auth/group/", {"action": "sync_roles", "_selected_action": [str(manager.pk)]}, follow=True
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
    assert browser.get("/admin/auth/group/987654/change/").status_code == 404
    assert browser.post("/admin/auth/group/987654/delete/", {"post": "yes"}).status_code == 404


def test_the_state_badge_comes_from_the_base_admin_and_sorts(tenant_a, make_user, admin_client_for):
    make_user(tenant_a, Role.SALES, username="inactiva", is_active=False)
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR, username="activa"))
    position = ["username", "full_name", "email", "role_names", "active_badge", "last_login"].index("active_badge")
    response = browser.get("/admin/users/user/", {"o": str(position + 1)})  # sort by state, inactive first
    assert response.status_code == 200
    content = response.content.decode()
    assert "Inactivo" in content and "Activo" in content
    assert content.index(">inactiva<") < content.index(">activa<")
