import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from modules.clients.models import Client, ClientType
from modules.clients.services import register_delete_blocker, unregister_delete_blocker
from modules.clients.tests.factories import ClientFactory, SchoolFactory, valid_cedula, valid_company_ruc

LIST = "/api/clients/"


def detail(client) -> str:
    return f"/api/clients/{client.pk}/"


def private_body(**fields):
    return {"nombre": "Ana Lucía Pérez", "documento": valid_cedula(1), "email": "ana@example.com", **fields}


def school_body(**fields):
    return {
        "tipo": "colegio",
        "tipo_documento": "ruc",
        "documento": valid_company_ruc(1),
        "nombre": "Unidad Educativa San Andrés",
        "ciudad": "quito",
        "codigo_institucion": "17H00123",
        "contacto_nombre": "Rosa Almeida",
        "contacto_cargo": "Rectora",
        "niveles": ["basica_media", "bachillerato"],
        "numero_estudiantes": 850,
        "mes_inicio_anio_lectivo": 9,
        **fields,
    }


# --- Reading -----------------------------------------------------------------------------------


def test_list_is_paginated_with_spanish_keys(api_client, tenant_a, admin_a, client_in, school_in):
    client_in(tenant_a, name="Ana Pérez")
    school_in(tenant_a, name="Unidad Educativa Quito")
    response = api_client(tenant_a, admin_a).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert [row["nombre"] for row in body["results"]] == ["Ana Pérez", "Unidad Educativa Quito"]
    assert set(body["results"][0]) == {
        "id", "tipo", "tipo_documento", "documento", "nombre", "email", "telefono", "direccion", "ciudad",
        "notas", "es_activo", "codigo_institucion", "contacto_nombre", "contacto_cargo", "niveles",
        "numero_estudiantes", "mes_inicio_anio_lectivo", "creado_por", "creado_en", "actualizado_en",
    }  # fmt: skip


def test_list_is_also_served_under_v1(api_client, tenant_a, admin_a, client_in):
    client_in(tenant_a)
    assert api_client(tenant_a, admin_a).get("/api/v1/clients/").json()["count"] == 1


def test_retrieve_returns_one_client(api_client, tenant_a, admin_a, school_in):
    school = school_in(tenant_a, name="Colegio Mejía")
    response = api_client(tenant_a, admin_a).get(detail(school))
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["tipo"], body["nombre"]) == (str(school.pk), "colegio", "Colegio Mejía")
    assert body["niveles"] == ["basica_media", "bachillerato"]


@pytest.mark.parametrize("path", [f"/api/clients/{uuid.uuid4()}/", "/api/clients/no-es-un-id/"])
def test_unknown_client_is_404_json(api_client, tenant_a, admin_a, path):
    response = api_client(tenant_a, admin_a).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_schools_lists_only_schools_and_is_not_read_as_an_id(api_client, tenant_a, admin_a, client_in, school_in):
    client_in(tenant_a)
    school = school_in(tenant_a)
    for prefix in ("/api/", "/api/v1/"):
        response = api_client(tenant_a, admin_a).get(f"{prefix}clients/schools/")
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [str(school.pk)]


def test_schools_accept_search_and_filters(api_client, tenant_a, admin_a, school_in):
    school_in(tenant_a, name="Colegio Benigno Malo", city="Cuenca")
    school_in(tenant_a, name="Colegio Mejía", city="Quito")
    response = api_client(tenant_a, admin_a).get("/api/clients/schools/", {"ciudad": "cuenca"})
    assert [row["nombre"] for row in response.json()["results"]] == ["Colegio Benigno Malo"]


# --- Filters, search, ordering, pagination ----------------------------------------------------------


@pytest.fixture
def some_clients(tenant_a, client_in, school_in):
    client_in(tenant_a, name="José Pérez Núñez", city="Quito", phone="0991234567", document="1710034065")
    client_in(
        tenant_a, name="María Andrade", city="Cuenca", is_active=False, email="maria@correo.ec", phone="072800000"
    )
    school_in(tenant_a, name="Unidad Educativa Ávila", city="Guayaquil", contact_name="Sor Teresa", phone="042000000")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tipo": "colegio"}, ["Unidad Educativa Ávila"]),
        ({"tipo": "particular"}, ["José Pérez Núñez", "María Andrade"]),
        ({"ciudad": "QUITO"}, ["José Pérez Núñez"]),
        ({"es_activo": "false"}, ["María Andrade"]),
        ({"search": "jose perez"}, ["José Pérez Núñez"]),  # no accents needed
        ({"search": "NUÑEZ"}, ["José Pérez Núñez"]),
        ({"search": "171003"}, ["José Pérez Núñez"]),  # part of the document
        ({"search": "099 123"}, ["José Pérez Núñez"]),  # phone, as dictated
        ({"search": "correo.ec"}, ["María Andrade"]),
        ({"search": "teresa"}, ["Unidad Educativa Ávila"]),  # a school's contact person
        ({"search": "nadie"}, []),
        ({"ordering": "-nombre"}, ["Unidad Educativa Ávila", "María Andrade", "José Pérez Núñez"]),
        ({"ordering": "ciudad"}, ["María Andrade", "Unidad Educativa Ávila", "José Pérez Núñez"]),
    ],
)
def test_filters_search_and_ordering(api_client, tenant_a, admin_a, some_clients, params, expected):
    response = api_client(tenant_a, admin_a).get(LIST, params)
    assert response.status_code == 200
    assert [row["nombre"] for row in response.json()["results"]] == expected


def test_created_date_range_filter(api_client, tenant_a, admin_a, client_in):
    client_in(tenant_a)
    api = api_client(tenant_a, admin_a)
    assert api.get(LIST, {"creado_en_desde": "2000-01-01"}).json()["count"] == 1
    assert api.get(LIST, {"creado_en_hasta": "2000-01-01"}).json()["count"] == 0


@pytest.mark.parametrize(
    "params",
    [{"ordering": "contraseña"}, {"tipo": "empresa"}, {"creado_en_desde": "ayer"}, {"es_activo": "quizas"}],
)
def test_bad_filter_values_are_400(api_client, tenant_a, admin_a, params):
    response = api_client(tenant_a, admin_a).get(LIST, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_ordering_takes_the_apis_names_and_lists_them_when_refused(api_client, tenant_a, admin_a, some_clients):
    api = api_client(tenant_a, admin_a)
    by_name = [row["nombre"] for row in api.get(LIST, {"ordering": "-nombre"}).json()["results"]]
    assert by_name == sorted(by_name, reverse=True)
    refused = api.get(LIST, {"ordering": "-name"})  # the model's English name is not the API's
    assert refused.status_code == 400
    message = refused.json()["errors"]["ordering"][0]
    assert message.startswith("«-name» no es un orden válido. Use: nombre, -nombre, documento")


def test_page_size_is_honoured_and_capped(api_client, tenant_a, admin_a):
    with schema_context(tenant_a.schema_name):
        ClientFactory.create_batch(12)
    api = api_client(tenant_a, admin_a)
    assert len(api.get(LIST).json()["results"]) == 10
    assert len(api.get(LIST, {"page_size": 5, "page": 3}).json()["results"]) == 2
    assert api.get(LIST, {"page": 9}).status_code == 404


def _queries_for_page(api, page_size: int) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(LIST, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(context.captured_queries)


def test_list_runs_the_same_queries_whatever_the_page_size(
    api_client, tenant_a, admin_a, django_assert_max_num_queries
):
    with schema_context(tenant_a.schema_name):
        ClientFactory.create_batch(30, created_by=admin_a)
        SchoolFactory.create_batch(25, created_by=admin_a)
    api = api_client(tenant_a, admin_a)
    api.get(LIST)  # warm the tenant cache
    for page_size in (5, 50):
        # search_path, the user, its own and its roles' permissions, COUNT, the page (author joined).
        with django_assert_max_num_queries(6):
            response = api.get(LIST, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
    assert _queries_for_page(api, 5) == _queries_for_page(api, 50)


# --- Writing -----------------------------------------------------------------------------------


def test_create_private_client(api_client, tenant_a, sales_a):
    response = api_client(tenant_a, sales_a).post(LIST, private_body(telefono="099 123 4567"), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["tipo"], body["tipo_documento"], body["telefono"]) == ("particular", "cedula", "0991234567")
    assert body["creado_por"]["username"] == sales_a.username
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get(pk=body["id"]).created_by_id == sales_a.pk


def test_create_school_with_its_own_data(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post("/api/v1/clients/", school_body(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["ciudad"] == "Quito"
    assert (body["numero_estudiantes"], body["mes_inicio_anio_lectivo"]) == (850, 9)
    assert body["niveles"] == ["basica_media", "bachillerato"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"documento": valid_cedula(1)}, "nombre"),
        ({"nombre": "Sin Documento"}, "documento"),
        (private_body(email="no-es-correo"), "email"),
        (private_body(tipo="empresa"), "tipo"),
        (private_body(documento="1710034064"), "documento"),  # check digit (service rule)
        (private_body(documento="12345"), "tipo_documento"),  # cannot be deduced
        (private_body(telefono="12"), "telefono"),
        (school_body(niveles=["universidad"]), "niveles"),
        (school_body(mes_inicio_anio_lectivo=13), "mes_inicio_anio_lectivo"),
        (school_body(numero_estudiantes=-1), "numero_estudiantes"),
    ],
)
def test_create_with_bad_data_is_400_with_the_field(api_client, tenant_a, admin_a, body, field):
    response = api_client(tenant_a, admin_a).post(LIST, body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert field in payload["errors"], payload
    assert payload["detail"]
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_create_with_a_duplicate_document_is_409_naming_the_client(api_client, tenant_a, admin_a, client_in):
    existing = client_in(tenant_a, name="María Pérez", document="1710034065")
    response = api_client(tenant_a, admin_a).post(
        LIST, private_body(documento="171003406-5", nombre="Otra"), format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "client_duplicate_document"
    assert "María Pérez" in body["detail"]
    assert body["cliente_existente"] == {"id": str(existing.pk), "nombre": "María Pérez"}
    assert "documento" in body["errors"]


def test_put_replaces_the_client(api_client, tenant_a, admin_a, school_in):
    school = school_in(tenant_a)
    body = school_body(documento=school.document, nombre="Nuevo Nombre", numero_estudiantes=900)
    response = api_client(tenant_a, admin_a).put(detail(school), body, format="json")
    assert response.status_code == 200
    assert (response.json()["nombre"], response.json()["numero_estudiantes"]) == ("Nuevo Nombre", 900)


def test_put_without_required_fields_is_400(api_client, tenant_a, admin_a, client_in):
    client = client_in(tenant_a)
    response = api_client(tenant_a, admin_a).put(detail(client), {"email": "x@example.com"}, format="json")
    assert response.status_code == 400
    assert {"nombre", "documento"} <= set(response.json()["errors"])


def test_patch_changes_one_field(api_client, tenant_a, sales_a, client_in):
    client = client_in(tenant_a, name="Ana")
    response = api_client(tenant_a, sales_a).patch(detail(client), {"es_activo": False}, format="json")
    assert response.status_code == 200
    assert (response.json()["es_activo"], response.json()["nombre"]) == (False, "Ana")


def test_patch_school_to_private_clears_its_school_data(api_client, tenant_a, admin_a, school_in):
    school = school_in(tenant_a)
    body = {"tipo": "particular", "tipo_documento": "cedula", "documento": valid_cedula(5)}
    response = api_client(tenant_a, admin_a).patch(detail(school), body, format="json")
    assert response.status_code == 200
    assert (response.json()["niveles"], response.json()["numero_estudiantes"]) == ([], None)


def test_patch_to_another_clients_document_is_409(api_client, tenant_a, admin_a, client_in):
    first = client_in(tenant_a, name="Primera")
    second = client_in(tenant_a)
    response = api_client(tenant_a, admin_a).patch(detail(second), {"documento": first.document}, format="json")
    assert response.status_code == 409
    assert "Primera" in response.json()["detail"]


def test_patch_with_a_bad_document_is_400(api_client, tenant_a, admin_a, client_in):
    client = client_in(tenant_a)
    response = api_client(tenant_a, admin_a).patch(detail(client), {"documento": "1710034064"}, format="json")
    assert response.status_code == 400
    assert "documento" in response.json()["errors"]


def test_delete_is_204(api_client, tenant_a, admin_a, client_in):
    client = client_in(tenant_a)
    assert api_client(tenant_a, admin_a).delete(detail(client)).status_code == 204
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_delete_of_a_client_in_use_is_409_with_the_reasons(api_client, tenant_a, admin_a, client_in):
    client = client_in(tenant_a, name="Colegio Con Contrato")

    def contracts(candidate):
        return ["tiene 1 contrato vigente"]

    register_delete_blocker(contracts)
    try:
        response = api_client(tenant_a, admin_a).delete(detail(client))
    finally:
        unregister_delete_blocker(contracts)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "client_in_use"
    assert body["motivos"] == ["tiene 1 contrato vigente"]
    assert "Colegio Con Contrato" in body["detail"]


# --- Who may do what ---------------------------------------------------------------------------


def test_without_a_token_every_endpoint_is_401(api_client, tenant_a, client_in):
    client = client_in(tenant_a)
    api = api_client(tenant_a)
    assert api.get(LIST).status_code == 401
    assert api.get("/api/clients/schools/").status_code == 401
    assert api.get(detail(client)).status_code == 401
    assert api.post(LIST, private_body(), format="json").status_code == 401
    assert api.delete(detail(client)).status_code == 401


@pytest.mark.parametrize("role", ["Solo lectura", "Fotógrafo", "Producción", "Contabilidad"])
def test_read_only_roles_read_but_cannot_write(api_client, make_user, tenant_a, client_in, role):
    client = client_in(tenant_a)
    api = api_client(tenant_a, make_user(tenant_a, role))
    assert api.get(LIST).status_code == 200
    assert api.get(detail(client)).status_code == 200
    assert api.get("/api/clients/schools/").status_code == 200
    assert api.post(LIST, private_body(), format="json").status_code == 403
    assert api.put(detail(client), private_body(), format="json").status_code == 403
    assert api.patch(detail(client), {"nombre": "X"}, format="json").status_code == 403
    assert api.delete(detail(client)).status_code == 403
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get().name == client.name


def test_sales_creates_and_edits_but_does_not_delete(api_client, tenant_a, sales_a, client_in):
    client = client_in(tenant_a)
    api = api_client(tenant_a, sales_a)
    assert api.post(LIST, private_body(), format="json").status_code == 201
    assert api.patch(detail(client), {"nombre": "Cambiado"}, format="json").status_code == 200
    assert api.delete(detail(client)).status_code == 403


def test_manager_may_delete(api_client, make_user, tenant_a, client_in):
    client = client_in(tenant_a)
    assert api_client(tenant_a, make_user(tenant_a, "Gerente")).delete(detail(client)).status_code == 204


def test_a_user_without_a_role_is_403(api_client, make_user, tenant_a, client_in):
    client = client_in(tenant_a)
    api = api_client(tenant_a, make_user(tenant_a))
    assert api.get(LIST).status_code == 403
    assert api.get("/api/clients/schools/").status_code == 403
    assert api.get(detail(client)).status_code == 403


def test_put_with_another_clients_document_is_409(api_client, tenant_a, admin_a, client_in):
    first = client_in(tenant_a, name="Primera")
    second = client_in(tenant_a)
    response = api_client(tenant_a, admin_a).put(detail(second), private_body(documento=first.document), format="json")
    assert response.status_code == 409
    assert response.json()["cliente_existente"]["id"] == str(first.pk)


# --- Tenants -------------------------------------------------------------------------------------


def test_another_tenants_client_is_invisible(api_client, tenant_a, tenant_b, admin_a, client_in):
    theirs = client_in(tenant_b, name="Cliente de Beta")
    api = api_client(tenant_a, admin_a)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(detail(theirs)).status_code == 404
    assert api.patch(detail(theirs), {"nombre": "Robado"}, format="json").status_code == 404
    assert api.put(detail(theirs), private_body(), format="json").status_code == 404
    assert api.delete(detail(theirs)).status_code == 404
    with schema_context(tenant_b.schema_name):
        assert Client.objects.get(pk=theirs.pk).name == "Cliente de Beta"


def test_another_tenants_token_is_401(api_client, make_user, tenant_a, tenant_b, client_in):
    client = client_in(tenant_a)
    beta_admin = make_user(tenant_b, "Administrador")
    token = api_client(tenant_b, beta_admin)._credentials["HTTP_AUTHORIZATION"]
    api = api_client(tenant_a)
    api.credentials(HTTP_AUTHORIZATION=token)
    assert api.get(LIST).status_code == 401
    assert api.get(detail(client)).status_code == 401


def test_a_business_without_the_module_gets_404(api_client, make_user, tenant_agro):
    api = api_client(tenant_agro, make_user(tenant_agro, "Administrador"))
    for path in (LIST, "/api/clients/schools/", f"/api/v1/clients/{uuid.uuid4()}/"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api.post(LIST, private_body(), format="json").status_code == 404


def test_openapi_documents_the_clients_endpoints_for_studios_only(api_client, tenant_a, tenant_agro):
    agro = api_client(tenant_agro).get("/api/schema/", {"format": "json"}).json()
    assert not any(path.startswith("/api/v1/clients/") for path in agro["paths"])
    schema = api_client(tenant_a).get("/api/schema/", {"format": "json"}).json()
    assert {"/api/v1/clients/", "/api/v1/clients/schools/", "/api/v1/clients/{id}/"} <= set(schema["paths"])
    create = schema["paths"]["/api/v1/clients/"]["post"]
    assert {"201", "400", "401", "403", "409"} <= set(create["responses"])
    assert "409" in schema["paths"]["/api/v1/clients/{id}/"]["delete"]["responses"]


def test_school_is_counted_by_type_in_the_database(tenant_a, school_in):
    school = school_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        assert Client.objects.get(pk=school.pk).client_type == ClientType.SCHOOL
