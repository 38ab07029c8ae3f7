import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from modules.clients.models import Client, ClientType
from modules.clients.services import register_delete_blocker, unregister_delete_blocker
from modules.clients.tests.factories import ClientFactory, SchoolFactory, valid_cedula, valid_company_ruc

CHANGELIST = "/admin/clients/client/"
ADD = "/admin/clients/client/add/"


def change_url(client) -> str:
    return f"/admin/clients/client/{client.pk}/change/"


def form_data(**fields):
    data = {
        "client_type": "particular",
        "document_type": "",
        "document": valid_cedula(1),
        "name": "Ana Lucía Pérez",
        "is_active": "on",
        "email": "ana@example.com",
        "phone": "099 123 4567",
        "address": "",
        "city": "quito",
        "institution_code": "",
        "contact_name": "",
        "contact_role": "",
        "student_count": "",
        "school_year_start_month": "",
        "notes": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def names_in(response) -> list[str]:
    return [client.name for client in response.context["cl"].result_list]


# --- The list --------------------------------------------------------------------------------


def test_changelist_shows_clients_with_type_and_state_badges(admin_client_for, tenant_a, admin_a, client_in, school_in):
    client_in(tenant_a, name="Ana Pérez", is_active=False)
    school_in(tenant_a, name="Unidad Educativa Quito")
    response = admin_client_for(tenant_a, admin_a).get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Pérez" in html and "Unidad Educativa Quito" in html
    for badge in ("Particular", "Colegio", "Activo", "Inactivo"):
        assert badge in html
    assert "/admin/clients/client/import/" in html and "/admin/clients/client/export/" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "jose perez"}, ["José Pérez"]),
        ({"q": "0991112222"}, ["José Pérez"]),
        ({"q": "sor teresa"}, ["Colegio Ávila"]),
        ({"client_type__exact": "colegio"}, ["Colegio Ávila"]),
        ({"ciudad": "Cuenca"}, ["María Andrade"]),
        ({"is_active__exact": "0"}, ["María Andrade"]),
    ],
)
def test_changelist_search_and_filters(admin_client_for, tenant_a, admin_a, client_in, school_in, query, expected):
    client_in(tenant_a, name="José Pérez", city="Quito", phone="0991112222")
    client_in(tenant_a, name="María Andrade", city="Cuenca", is_active=False)
    school_in(tenant_a, name="Colegio Ávila", city="Guayaquil", contact_name="Sor Teresa")
    response = admin_client_for(tenant_a, admin_a).get(CHANGELIST, query)
    assert response.status_code == 200
    assert names_in(response) == expected


def test_created_date_filter_includes_the_whole_last_day(admin_client_for, tenant_a, admin_a, client_in):
    client = client_in(tenant_a, name="Registrado Hoy")
    old = client_in(tenant_a, name="Registrado Hace Tiempo")
    with schema_context(tenant_a.schema_name):
        Client.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = admin_client_for(tenant_a, admin_a).get(CHANGELIST, {"created_at_from": today, "created_at_to": today})
    assert names_in(response) == [client.name]


def test_city_filter_offers_the_cities_in_use(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a, city="Loja")
    client_in(tenant_a, city="Riobamba")
    html = admin_client_for(tenant_a, admin_a).get(CHANGELIST).content.decode()
    assert 'value="Loja"' in html and 'value="Riobamba"' in html


def test_empty_list_explains_how_to_add_or_import(admin_client_for, tenant_a, admin_a):
    html = admin_client_for(tenant_a, admin_a).get(CHANGELIST).content.decode()
    assert 'data-testid="clients-empty"' in html
    assert "Todavía no hay clientes" in html
    assert ADD in html and "/admin/clients/client/import/" in html and "template.xlsx" in html


def test_empty_search_result_is_not_the_first_client_message(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a)
    html = admin_client_for(tenant_a, admin_a).get(CHANGELIST, {"q": "nadie"}).content.decode()
    assert 'data-testid="clients-empty"' not in html


def test_empty_list_for_a_reader_does_not_offer_adding(admin_client_for, tenant_a, reader_a):
    html = admin_client_for(tenant_a, reader_a).get(CHANGELIST).content.decode()
    assert "Todavía no hay clientes" in html
    assert ADD not in html and "/admin/clients/client/import/" not in html


def test_changelist_runs_the_same_queries_whatever_the_number_of_rows(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    with schema_context(tenant_a.schema_name):
        ClientFactory.create_batch(3, created_by=admin_a)
    browser.get(CHANGELIST)  # warm caches (tenant, content types)
    with CaptureQueriesContext(connection) as few:
        assert browser.get(CHANGELIST).status_code == 200
    with schema_context(tenant_a.schema_name):
        ClientFactory.create_batch(20, created_by=admin_a)
        SchoolFactory.create_batch(10, created_by=admin_a)
    with CaptureQueriesContext(connection) as many:
        response = browser.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_changelist_query_count_is_pinned(admin_client_for, tenant_a, admin_a, django_assert_max_num_queries):
    browser = admin_client_for(tenant_a, admin_a)
    with schema_context(tenant_a.schema_name):
        ClientFactory.create_batch(30)
    browser.get(CHANGELIST)
    # search_path, session, user, its own and its roles' permissions, city choices, COUNT, the page.
    with django_assert_max_num_queries(8):
        browser.get(CHANGELIST)


# --- The form --------------------------------------------------------------------------------


def test_add_form_hides_the_school_fieldset_unless_the_type_is_school(admin_client_for, tenant_a, admin_a):
    html = admin_client_for(tenant_a, admin_a).get(ADD).content.decode()
    assert re.search(r'<div x-show="client_type == \'colegio\'" data-testid="school-fields">', html)
    assert "Datos del colegio" in html
    assert html.count('x-show="client_type == &#x27;colegio&#x27;"') == 6  # and on each school field


def test_add_creates_the_client_through_the_service(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(ADD, form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    with schema_context(tenant_a.schema_name):
        client = Client.objects.get()
    assert (client.document_type, client.phone, client.city) == ("cedula", "0991234567", "Quito")
    assert client.created_by_id == admin_a.pk


def test_add_school_with_levels(admin_client_for, tenant_a, admin_a):
    data = form_data(
        client_type="colegio",
        document=valid_company_ruc(1),
        name="Unidad Educativa San Andrés",
        contact_name="Rosa Almeida",
        student_count="850",
        school_year_start_month="9",
    )
    data["levels"] = ["basica_media", "bachillerato"]
    response = admin_client_for(tenant_a, admin_a).post(ADD, data)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        school = Client.objects.get()
    assert (school.client_type, school.levels, school.student_count) == (
        ClientType.SCHOOL,
        ["basica_media", "bachillerato"],
        850,
    )


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"document": "1710034064"}, "document", "dígito verificador"),
        ({"document": "12345"}, "document_type", "tipo de documento"),
        ({"email": "no-es-correo"}, "email", ""),
        ({"phone": "12"}, "phone", "dígitos"),
    ],
)
def test_add_with_bad_data_shows_the_reason_on_the_field(admin_client_for, tenant_a, admin_a, fields, field, text):
    response = admin_client_for(tenant_a, admin_a).post(ADD, form_data(**fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and text in " ".join(errors[field])
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_add_with_a_duplicate_document_names_the_existing_client(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a, name="María Pérez", document="1710034065")
    response = admin_client_for(tenant_a, admin_a).post(ADD, form_data(document="171003406-5"))
    assert response.status_code == 200
    assert "María Pérez" in " ".join(response.context["adminform"].form.errors["document"])


def test_change_school_to_private_clears_the_school_data(admin_client_for, tenant_a, admin_a, school_in):
    school = school_in(tenant_a)
    data = form_data(document=valid_cedula(7), document_type="cedula", name=school.name, contact_name="Queda")
    response = admin_client_for(tenant_a, admin_a).post(change_url(school), data)
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        school.refresh_from_db()
    assert (school.client_type, school.contact_name, school.levels) == (ClientType.PRIVATE, "", [])


def test_change_page_shows_who_registered_the_client(admin_client_for, tenant_a, admin_a, client_in):
    client = client_in(tenant_a, created_by=admin_a)
    html = admin_client_for(tenant_a, admin_a).get(change_url(client)).content.decode()
    assert "Registro" in html and admin_a.username in html


# --- Deleting and actions ----------------------------------------------------------------------


def test_delete_confirmation_lists_what_blocks_it(admin_client_for, tenant_a, admin_a, client_in):
    client = client_in(tenant_a, name="Colegio Ocupado")

    def orders(candidate):
        return ["tiene 2 pedidos"]

    register_delete_blocker(orders)
    try:
        browser = admin_client_for(tenant_a, admin_a)
        page = browser.get(f"/admin/clients/client/{client.pk}/delete/")
        browser.post(f"/admin/clients/client/{client.pk}/delete/", {"post": "yes"})
    finally:
        unregister_delete_blocker(orders)
    assert "tiene 2 pedidos" in page.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Client.objects.filter(pk=client.pk).exists()


def test_delete_selected_goes_through_the_service(admin_client_for, tenant_a, admin_a, client_in):
    clients = [client_in(tenant_a), client_in(tenant_a)]
    response = admin_client_for(tenant_a, admin_a).post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [c.pk for c in clients], "post": "yes"}
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_deactivate_and_activate_actions(admin_client_for, tenant_a, sales_a, client_in):
    client = client_in(tenant_a)
    browser = admin_client_for(tenant_a, sales_a)
    browser.post(CHANGELIST, {"action": "deactivate_clients", "_selected_action": [client.pk]})
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get().is_active is False
    browser.post(CHANGELIST, {"action": "activate_clients", "_selected_action": [client.pk]})
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get().is_active is True


# --- Who sees what -----------------------------------------------------------------------------


def test_reader_sees_the_list_but_cannot_add_change_delete_import_or_export(
    admin_client_for, tenant_a, reader_a, client_in
):
    client = client_in(tenant_a)
    browser = admin_client_for(tenant_a, reader_a)
    assert browser.get(CHANGELIST).status_code == 200
    assert browser.get(ADD).status_code == 403
    assert browser.post(change_url(client), form_data()).status_code == 403
    assert browser.get(f"/admin/clients/client/{client.pk}/delete/").status_code == 403
    assert browser.get("/admin/clients/client/import/").status_code == 403
    assert browser.get("/admin/clients/client/export/").status_code == 403


def test_sales_cannot_delete(admin_client_for, tenant_a, sales_a, client_in):
    client = client_in(tenant_a)
    assert admin_client_for(tenant_a, sales_a).get(f"/admin/clients/client/{client.pk}/delete/").status_code == 403


def test_another_tenants_client_is_404_in_the_admin(admin_client_for, tenant_a, tenant_b, admin_a, client_in):
    theirs = client_in(tenant_b, name="Cliente de Beta")
    browser = admin_client_for(tenant_a, admin_a)
    assert browser.get(change_url(theirs)).status_code == 404
    assert browser.post(change_url(theirs), form_data()).status_code == 404
    assert browser.get(f"/admin/clients/client/{theirs.pk}/delete/").status_code == 404
    assert browser.get(f"/admin/clients/client/{uuid.uuid4()}/change/").status_code == 404
    assert "Cliente de Beta" not in browser.get(CHANGELIST).content.decode()


def test_a_business_without_the_module_has_no_clients_admin(admin_client_for, make_user, tenant_agro):
    browser = admin_client_for(tenant_agro, make_user(tenant_agro, "Administrador", is_superuser=True))
    assert browser.get(CHANGELIST).status_code in (403, 404)
    assert browser.get("/admin/clients/client/import/").status_code in (403, 404)
    assert "/admin/clients/client/" not in browser.get("/admin/").content.decode()
