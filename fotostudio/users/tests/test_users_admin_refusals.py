"""The users admin's entry points driven into a service refusal: a message or a form error, never a 500."""

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django_tenants.utils import schema_context

from fotostudio.users.models import Role, User


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_deleting_yourself_is_refused_with_a_message(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    response = admin_client_for(tenant_a, admin).post(
        f"/admin/users/user/{admin.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/admin/users/user/{admin.pk}/change/"
    assert "No puede eliminar su propio usuario." in messages_of(response)
    with schema_context(tenant_a.schema_name):
        assert User.objects.filter(pk=admin.pk).exists()


def test_bulk_delete_including_yourself_deletes_nobody(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    other = make_user(tenant_a, Role.SALES)
    response = admin_client_for(tenant_a, admin).post(
        "/admin/users/user/",
        {"action": "delete_selected", "_selected_action": [other.pk, admin.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert "No puede eliminar su propio usuario." in messages_of(response)
    with schema_context(tenant_a.schema_name):
        assert User.objects.filter(pk__in=[admin.pk, other.pk]).count() == 2


def test_a_change_the_service_refuses_shows_on_the_form(tenant_a, make_user, admin_client_for):
    admin = make_user(tenant_a, Role.ADMINISTRATOR)
    target = make_user(tenant_a, Role.SALES, username="cambiable")
    browser = admin_client_for(tenant_a, admin)
    url = f"/admin/users/user/{target.pk}/change/"
    form = browser.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.pop("avatar", None)
    data.update({"email": "no-es-un-correo", "is_active": "on"})
    response = browser.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    with schema_context(tenant_a.schema_name):
        target.refresh_from_db()
    assert target.email != "no-es-un-correo"


def _last_administrator(tenant, make_user):
    last = make_user(tenant, Role.ADMINISTRATOR, username="la_ultima")
    with schema_context(tenant.schema_name):
        User.objects.filter(username="admin").update(is_active=False)
    return last


def _change_form_data(browser, url):
    form = browser.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.pop("avatar", None)
    return data


def test_demoting_the_last_administrator_in_the_admin_is_a_form_error(tenant_a, make_user, admin_client_for):
    last = _last_administrator(tenant_a, make_user)
    browser = admin_client_for(tenant_a, last)
    url = f"/admin/users/user/{last.pk}/change/"
    with schema_context(tenant_a.schema_name):
        manager = Group.objects.get(name=Role.MANAGER)
    data = _change_form_data(browser, url)
    data.update({"groups": [str(manager.pk)], "is_active": "on"})
    response = browser.post(url, data)
    assert response.status_code == 200
    assert "único Administrador activo" in str(response.context["adminform"].form.non_field_errors())
    with schema_context(tenant_a.schema_name):
        assert list(last.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR]


def test_deactivating_the_last_administrator_in_the_admin_is_refused(tenant_a, make_user, admin_client_for):
    last = _last_administrator(tenant_a, make_user)
    superuser = make_user(tenant_a, is_superuser=True)
    browser = admin_client_for(tenant_a, superuser)
    url = f"/admin/users/user/{last.pk}/change/"
    data = _change_form_data(browser, url)
    data.pop("is_active", None)  # the box unticked
    response = browser.post(url, data)
    assert response.status_code == 200
    assert "único Administrador activo" in str(response.context["adminform"].form.non_field_errors())
    action = browser.post(
        "/admin/users/user/", {"action": "deactivate_users", "_selected_action": [str(last.pk)]}, follow=True
    )
    assert any("único Administrador activo" in message for message in messages_of(action))
    deleted = browser.post(f"/admin/users/user/{last.pk}/delete/", {"post": "yes"}, follow=True)
    assert any("único Administrador activo" in message for message in messages_of(deleted))
    with schema_context(tenant_a.schema_name):
        last.refresh_from_db()
        assert last.is_active
