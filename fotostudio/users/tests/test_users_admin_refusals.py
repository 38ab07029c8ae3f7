"""The users admin's entry points driven into a service refusal: a message or a form error, never a 500."""

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
