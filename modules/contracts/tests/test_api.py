"""The contracts API: create, read, update, delete, the expiring list, refusals, isolation and roles."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.core.registry import get_module
from fotostudio.users.roles import Role, roles_for
from fotostudio.users.tokens import tokens_for_user
from modules.contracts.models import Contract, ContractPackage, ContractStatus
from tenants.choices import BusinessType

LIST = "/api/v1/contracts/"
EXPIRING = "/api/v1/contracts/expiring/"


def detail(obj) -> str:
    return f"{LIST}{obj.pk}/"


def body_for(school, **changes) -> dict:
    today = timezone.localdate()
    return {
        "colegio": str(school.pk),
        "titulo": "  Fotografía   escolar  ",
        "anio_lectivo": "2026-2027",
        "fecha_inicio": str(today - timedelta(days=10)),
        "fecha_fin": str(today + timedelta(days=200)),
        "estado": "VIGENTE",
        "terminos": "Entrega en 30 días.",
        "comision_porcentaje": "10.00",
        "estudiantes_previstos": 300,
        "anticipo": "150.00",
        "paquetes": [
            {"nombre": "Básico", "contenido": "2 fotos", "precio_unitario": "12.00"},
            {"nombre": "Completo", "contenido": "4 fotos y grupo", "precio_unitario": "25.50"},
        ],
        **changes,
    }


def test_create_numbers_the_contract_and_nests_its_price_list(api_client, home, administrator, school_in):
    school = school_in(home)
    response = api_client(home, administrator).post(LIST, body_for(school), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    year = timezone.localdate().year
    prefix, serial = body["numero"].rsplit("-", 1)
    assert (prefix, len(serial)) == (f"CON-{year}", 5)
    assert (body["titulo"], body["colegio"], body["colegio_nombre"], body["estado"]) == (
        "Fotografía escolar",
        str(school.pk),
        school.name,
        "VIGENTE",
    )
    assert [(p["nombre"], p["precio_unitario"]) for p in body["paquetes"]] == [
        ("Básico", "12.00"),
        ("Completo", "25.50"),
    ]
    assert body["estudiantes_listado"] == 0
    assert body["creado_por"]["username"] == administrator.username
    second = api_client(home, administrator).post(LIST, body_for(school, paquetes=[]), format="json")
    assert second.json()["numero"] == f"CON-{year}-{int(serial) + 1:05d}"  # consecutive


def test_the_number_is_the_systems_not_the_callers(api_client, home, administrator, school_in):
    response = api_client(home, administrator).post(LIST, body_for(school_in(home), numero="X-1"), format="json")
    assert response.status_code == 201
    assert response.json()["numero"].startswith("CON-")


def test_a_client_that_is_not_a_school_is_refused(api_client, home, administrator, private_client_in):
    person = private_client_in(home)
    response = api_client(home, administrator).post(LIST, body_for(person), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "contract_school_invalid"
    assert "colegio" in response.json()["errors"]
    with schema_context(home.schema_name):
        assert not Contract.objects.exists()


def test_an_end_before_the_start_is_refused(api_client, home, administrator, school_in):
    body = body_for(school_in(home), fecha_inicio="2026-09-01", fecha_fin="2026-08-31")
    response = api_client(home, administrator).post(LIST, body, format="json")
    assert response.status_code == 400
    assert "fecha_fin" in response.json()["errors"]


@pytest.mark.parametrize(
    ("key", "value"),
    [("comision_porcentaje", "100.01"), ("comision_porcentaje", "-1"), ("anticipo", "-5.00"), ("titulo", "   ")],
)
def test_out_of_range_values_are_a_400_naming_the_field(api_client, home, administrator, school_in, key, value):
    response = api_client(home, administrator).post(LIST, body_for(school_in(home), **{key: value}), format="json")
    assert response.status_code == 400
    assert key in response.json()["errors"]


def test_expired_is_computed_never_set(api_client, home, administrator, school_in):
    response = api_client(home, administrator).post(LIST, body_for(school_in(home), estado="VENCIDO"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "contract_status_computed"
    assert "estado" in response.json()["errors"]


def test_a_contract_in_force_past_its_end_reads_as_expired(api_client, home, administrator, contract_in):
    yesterday = timezone.localdate() - timedelta(days=1)
    past = contract_in(home, start_date=yesterday - timedelta(days=100), end_date=yesterday)
    today = contract_in(home, end_date=timezone.localdate())
    draft = contract_in(home, end_date=yesterday, start_date=yesterday, status=ContractStatus.DRAFT)
    api = api_client(home, administrator)
    assert api.get(detail(past)).json()["estado"] == "VENCIDO"
    assert api.get(detail(today)).json()["estado"] == "VIGENTE"  # the end date is its last day in force
    assert api.get(detail(draft)).json()["estado"] == "BORRADOR"
    assert [row["id"] for row in api.get(LIST, {"estado": "VENCIDO"}).json()["results"]] == [str(past.pk)]
    assert {row["id"] for row in api.get(LIST, {"estado": "VIGENTE"}).json()["results"]} == {str(today.pk)}
    refused = api.get(LIST, {"estado": "CADUCADO"})
    assert refused.status_code == 400 and "VENCIDO" in str(refused.json()["errors"])


def test_moving_the_end_date_renews_an_expired_contract(api_client, home, administrator, contract_in):
    yesterday = timezone.localdate() - timedelta(days=1)
    contract = contract_in(home, start_date=yesterday - timedelta(days=10), end_date=yesterday)
    api = api_client(home, administrator)
    changed = api.patch(detail(contract), {"fecha_fin": str(yesterday + timedelta(days=90))}, format="json")
    assert changed.status_code == 200 and changed.json()["estado"] == "VIGENTE"


def test_put_replaces_the_price_list_by_name_and_keeps_it_when_left_out(
    api_client, home, administrator, contract_in, package_in
):
    contract = contract_in(home)
    basic = package_in(home, contract=contract, name="Básico", unit_price="10.00")
    package_in(home, contract=contract, name="Viejo")
    api = api_client(home, administrator)
    body = api.get(detail(contract)).json()
    body["paquetes"] = [
        {"nombre": "básico", "contenido": "3 fotos", "precio_unitario": "11.00"},
        {"nombre": "Nuevo", "contenido": "", "precio_unitario": "5.00"},
    ]
    response = api.put(detail(contract), body, format="json")
    assert response.status_code == 200, response.json()
    assert [(p["nombre"], p["precio_unitario"]) for p in response.json()["paquetes"]] == [
        ("básico", "11.00"),
        ("Nuevo", "5.00"),
    ]
    with schema_context(home.schema_name):
        assert ContractPackage.objects.get(contract=contract, name="básico").pk == basic.pk  # updated, not replaced
    del body["paquetes"]
    body["titulo"] = "Otro título"
    kept = api.put(detail(contract), body, format="json").json()
    assert (kept["titulo"], len(kept["paquetes"])) == ("Otro título", 2)


def test_a_package_named_twice_or_without_price_is_refused_whole(api_client, home, administrator, school_in):
    body = body_for(
        school_in(home),
        paquetes=[
            {"nombre": "Básico", "precio_unitario": "1.00"},
            {"nombre": "BÁSICO", "precio_unitario": "2.00"},
            {"nombre": "Sin precio", "precio_unitario": "-1"},
        ],
    )
    response = api_client(home, administrator).post(LIST, body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "paquetes" in errors
    with schema_context(home.schema_name):
        assert not Contract.objects.exists()


def test_delete_removes_the_contract_with_its_list_and_roster(api_client, home, administrator, contract_in, student_in):
    contract = contract_in(home)
    student_in(home, contract=contract)
    assert api_client(home, administrator).delete(detail(contract)).status_code == 204
    with schema_context(home.schema_name):
        assert not Contract.objects.filter(pk=contract.pk).exists()


def test_a_contract_with_documents_cannot_be_deleted(api_client, home, administrator, contract_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fotostudio.documents.tests.samples import PDF

    contract = contract_in(home)
    api = api_client(home, administrator)
    pdf = SimpleUploadedFile("contrato.pdf", PDF, "application/pdf")
    uploaded = api.post(
        "/api/v1/documentos/documentos/",
        {"tipo_documento": "OTRO", "nombre": "Contrato firmado", "contrato": str(contract.pk), "archivo": pdf},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.json()
    response = api.delete(detail(contract))
    assert response.status_code == 409
    assert response.json()["code"] == "contract_in_use"
    assert "documento" in response.json()["detail"]


def test_a_school_with_contracts_cannot_be_deleted(api_client, home, administrator, contract_in):
    contract = contract_in(home)
    response = api_client(home, administrator).delete(f"/api/v1/clients/{contract.school_id}/")
    assert response.status_code == 409
    assert "contrato" in response.json()["detail"]


def test_search_filters_and_ordering_use_the_apis_names(api_client, home, administrator, contract_in):
    first = contract_in(home, title="Graduación Álamo", academic_year="2025-2026", start_date=date(2025, 9, 1))
    second = contract_in(home, title="Anuario", academic_year="2026-2027")
    api = api_client(home, administrator)
    assert [row["id"] for row in api.get(LIST, {"search": "graduacion alamo"}).json()["results"]] == [str(first.pk)]
    assert [row["id"] for row in api.get(LIST, {"anio_lectivo": "2026-2027"}).json()["results"]] == [str(second.pk)]
    assert [row["id"] for row in api.get(LIST, {"colegio": str(first.school_id)}).json()["results"]] == [str(first.pk)]
    ordered = api.get(LIST, {"ordering": "titulo"}).json()["results"]
    assert [row["titulo"] for row in ordered] == ["Anuario", "Graduación Álamo"]
    assert api.get(LIST, {"ordering": "title"}).status_code == 400


# --- /expiring/ ---------------------------------------------------------------------------------


def test_expiring_lists_contracts_in_force_ending_within_the_days_soonest_first(
    api_client, home, administrator, contract_in
):
    today = timezone.localdate()
    start = today - timedelta(days=100)
    in_ten = contract_in(home, start_date=start, end_date=today + timedelta(days=10))
    today_ends = contract_in(home, start_date=start, end_date=today)
    contract_in(home, start_date=start, end_date=today + timedelta(days=31))  # beyond 30 days
    contract_in(home, start_date=start, end_date=today - timedelta(days=1))  # already expired
    contract_in(home, start_date=start, end_date=today + timedelta(days=5), status=ContractStatus.DRAFT)
    contract_in(home, start_date=start, end_date=today + timedelta(days=5), status=ContractStatus.CANCELLED)
    api = api_client(home, administrator)
    response = api.get(EXPIRING)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(row["id"], row["dias_para_vencer"]) for row in results] == [(str(today_ends.pk), 0), (str(in_ten.pk), 10)]
    assert response.json()["count"] == 2
    assert api.get(EXPIRING, {"days": 31}).json()["count"] == 3
    assert api.get(EXPIRING, {"days": 1}).json()["count"] == 1


@pytest.mark.parametrize("days", ["0", "366", "-3", "diez", "1.5", "30x"])
def test_expiring_refuses_days_out_of_1_to_365(api_client, home, administrator, days):
    response = api_client(home, administrator).get(EXPIRING, {"days": days})
    assert response.status_code == 400
    assert response.json()["code"] == "contract_expiring_days_invalid"


@pytest.mark.parametrize("days", ["1", "365"])
def test_expiring_accepts_the_limits(api_client, home, administrator, days):
    assert api_client(home, administrator).get(EXPIRING, {"days": days}).status_code == 200


# --- Isolation, authentication, roles, query counts ------------------------------------------------


def test_without_a_token_it_is_401(api_client, home):
    assert api_client(home).get(LIST).status_code == 401
    assert api_client(home).get(EXPIRING).status_code == 401


def test_another_business_contracts_are_never_seen(api_client, home, other, administrator, contract_in, make_user):
    today = timezone.localdate()
    theirs = contract_in(other, end_date=today + timedelta(days=3))
    api = api_client(home, administrator)
    assert api.get(LIST).json()["count"] == 0
    assert api.get(EXPIRING).json()["count"] == 0
    assert api.get(detail(theirs)).status_code == 404
    assert api.put(detail(theirs), {"titulo": "Mío"}, format="json").status_code == 404
    assert api.delete(detail(theirs)).status_code == 404
    with schema_context(other.schema_name):
        their_school = theirs.school_id
    response = api.post(LIST, body_for(type("S", (), {"pk": their_school})()), format="json")
    assert response.status_code == 400 and "colegio" in response.json()["errors"]
    stranger = make_user(other, Role.ADMINISTRATOR)
    with schema_context(other.schema_name):
        their_token = tokens_for_user(stranger)["access"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {their_token}")
    assert api.get(LIST).status_code == 401


def _allowed(role: Role, action: str) -> bool:
    actions = get_module("contracts").roles.get(role, ())
    return "*" in actions or action in actions


@pytest.mark.parametrize("role", roles_for(BusinessType.PHOTO_STUDIO))
def test_access_follows_the_roles(role, api_client, home, make_user, contract_in, school_in):
    contract = contract_in(home)
    school = school_in(home)
    user = make_user(home, role)
    api = api_client(home, user)
    assert api.get(LIST).status_code == (200 if _allowed(role, "view") else 403)
    assert api.get(EXPIRING).status_code == (200 if _allowed(role, "view") else 403)
    created = api.post(LIST, body_for(school), format="json")
    assert created.status_code == (201 if _allowed(role, "add") else 403)
    changed = api.patch(detail(contract), {"terminos": "x"}, format="json")
    assert changed.status_code == (200 if _allowed(role, "change") else 403)
    assert api.delete(detail(contract)).status_code == (204 if _allowed(role, "delete") else 403)


def test_the_list_runs_a_fixed_number_of_queries(
    api_client, home, administrator, contract_in, package_in, student_in, django_assert_max_num_queries
):
    api = api_client(home, administrator)
    api.get(LIST)  # warms the tenant resolution cache
    for _number in range(30):
        contract = contract_in(home)
        package_in(home, contract=contract)
        package_in(home, contract=contract)
        student_in(home, contract=contract)
    # schema, user, permissions (2), count, page (school, author, roster size, orders and commission base
    # joined or in subqueries), price lists, and the business's settings when their cache is cold (money rounding)
    with django_assert_max_num_queries(8):
        assert len(api.get(LIST, {"page_size": 30}).json()["results"]) == 30
    with django_assert_max_num_queries(8):
        assert api.get(EXPIRING, {"days": 365, "page_size": 30}).status_code == 200


def test_the_detail_runs_a_fixed_number_of_queries(
    api_client, home, administrator, contract_in, package_in, django_assert_max_num_queries
):
    contract = contract_in(home)
    for _ in range(10):
        package_in(home, contract=contract)
    api = api_client(home, administrator)
    api.get(detail(contract))
    with django_assert_max_num_queries(7):
        assert len(api.get(detail(contract)).json()["paquetes"]) == 10
