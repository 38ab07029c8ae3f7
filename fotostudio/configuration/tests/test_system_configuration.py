"""``/api/v1/administracion/configuracion/``: the frontend's view of the system configuration."""

from django.db import connection
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context

from fotostudio.configuration import catalogue
from fotostudio.configuration.models import Setting
from fotostudio.configuration.selectors import setting_value
from tenants.models import Tenant

PATH = "/api/v1/administracion/configuracion/"
KEYS = {
    "id",
    "version_api",
    "version_db",
    "idioma_default",
    "zona_horaria",
    "activado",
    "modo_mantenimiento",
    "actualizado_en",
}


def server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def test_it_shows_exactly_the_contract_keys(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).get(PATH)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert body["id"] == str(tenant_a.pk)
    assert body["activado"] is True
    assert body["idioma_default"] == "es"
    assert body["zona_horaria"] == "America/Guayaquil"
    assert body["modo_mantenimiento"] is False
    assert parse_datetime(body["actualizado_en"]) is not None


def test_the_versions_are_read_from_the_running_system(api_client, tenant_a, admin_a, settings):
    body = api_client(tenant_a, admin_a).get(PATH).json()
    assert body["version_db"] == server_version()
    assert body["version_api"] == settings.SPECTACULAR_SETTINGS["VERSION"]


def test_every_signed_in_role_may_read_it(api_client, tenant_a, make_user):
    for role in ("Gerente", "Ventas", "Producción", "Fotógrafo", "Contabilidad", "Solo lectura"):
        assert api_client(tenant_a, make_user(tenant_a, role)).get(PATH).status_code == 200, role


def test_without_a_token_it_is_401(api_client, tenant_a):
    assert api_client(tenant_a).get(PATH).status_code == 401
    assert api_client(tenant_a).put(PATH, {"modo_mantenimiento": True}, format="json").status_code == 401


def test_an_administrator_changes_language_time_zone_and_maintenance(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    response = client.put(
        PATH, {"idioma_default": "en", "zona_horaria": "Europe/Madrid", "modo_mantenimiento": True}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert (body["idioma_default"], body["zona_horaria"], body["modo_mantenimiento"]) == ("en", "Europe/Madrid", True)
    stored = Tenant.objects.get(pk=tenant_a.pk)
    assert (stored.language, stored.timezone) == ("en", "Europe/Madrid")  # the business's own fields: one setting
    with schema_context(tenant_a.schema_name):
        assert setting_value(catalogue.MAINTENANCE) is True
        assert setting_value(catalogue.TIMEZONE) == "Europe/Madrid"
    assert client.get(PATH).json()["zona_horaria"] == "Europe/Madrid"


def test_only_what_is_sent_changes(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    assert client.put(PATH, {"zona_horaria": "America/Bogota"}, format="json").status_code == 200
    body = client.get(PATH).json()
    assert (body["zona_horaria"], body["idioma_default"], body["modo_mantenimiento"]) == ("America/Bogota", "es", False)


def test_the_change_moves_the_update_time(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    before = parse_datetime(client.get(PATH).json()["actualizado_en"])
    after = parse_datetime(client.put(PATH, {"modo_mantenimiento": True}, format="json").json()["actualizado_en"])
    assert after > before
    with schema_context(tenant_a.schema_name):
        assert Setting.objects.get(key=catalogue.MAINTENANCE).updated_by_id == admin_a.pk


def test_a_time_zone_that_does_not_exist_is_400(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).put(PATH, {"zona_horaria": "Marte/Olympus"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"zona_horaria": ["No es una zona horaria válida: use un nombre como America/Guayaquil."]}
    assert Tenant.objects.get(pk=tenant_a.pk).timezone == "America/Guayaquil"


def test_an_unknown_language_or_a_malformed_flag_is_400(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    assert list(client.put(PATH, {"idioma_default": "fr"}, format="json").json()["errors"]) == ["idioma_default"]
    assert list(client.put(PATH, {"modo_mantenimiento": "quizás"}, format="json").json()["errors"]) == [
        "modo_mantenimiento"
    ]


def test_a_body_that_changes_nothing_is_400_naming_what_it_may_carry(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    for body in ({}, {"version_api": "9.9", "activado": False}):
        response = client.put(PATH, body, format="json")
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "Envíe al menos uno de estos campos: idioma_default, zona_horaria, modo_mantenimiento."
        )


def test_other_roles_cannot_change_it(api_client, tenant_a, make_user):
    for role in ("Gerente", "Ventas", "Solo lectura"):
        response = api_client(tenant_a, make_user(tenant_a, role)).put(
            PATH, {"modo_mantenimiento": True}, format="json"
        )
        assert response.status_code == 403, role
        assert response.json()["code"] == "permission_denied"


def test_reading_it_once_warm_reads_no_setting_from_the_database(
    api_client, tenant_a, admin_a, django_assert_num_queries
):
    client = api_client(tenant_a, admin_a)
    client.get(PATH)  # warm: the business, its settings and the connection's server version
    # the connection's search path and the signed-in user's row: no setting is read from the database
    with django_assert_num_queries(2):
        assert client.get(PATH).status_code == 200
