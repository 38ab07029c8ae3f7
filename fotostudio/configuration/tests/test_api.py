"""``/api/config/``: the list, one setting, giving a value, changing it, removing it, and the grouped views."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from fotostudio.configuration import catalogue
from fotostudio.configuration.models import Setting
from fotostudio.configuration.tests.factories import make_setting_row
from fotostudio.core.registry import enabled_modules
from tenants.models import Tenant

LIST = "/api/config/"


def row(tenant, key: str) -> Setting:
    with schema_context(tenant.schema_name):
        return Setting.objects.get(key=key)


def detail(setting: Setting) -> str:
    return f"{LIST}{setting.pk}/"


# --- Reading --------------------------------------------------------------------------------------------


def test_the_list_shows_every_required_setting_with_its_definition(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).get(LIST, {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    keys = [item["clave"] for item in body["results"]]
    assert keys[:4] == [catalogue.CURRENCY, catalogue.IVA_RATE, catalogue.MONEY_DECIMALS, catalogue.MONEY_ROUNDING]
    assert keys[-1] == catalogue.MAINTENANCE  # in the admin's order: groups, then as declared
    assert catalogue.BUSINESS_LEGAL_NAME not in keys  # optional and never given a value
    iva = next(item for item in body["results"] if item["clave"] == catalogue.IVA_RATE)
    assert iva == {
        **iva,
        "grupo": "moneda",
        "tipo": "decimal",
        "etiqueta": "Tarifa de IVA (%)",
        "valor": "15.00",
        "valor_por_defecto": "15.00",
        "obligatoria": True,
        "editable": True,
        "opciones": [],
        "minimo": "0",
        "maximo": "100",
        "actualizado_por": None,
    }
    assert set(iva) == {
        "id", "clave", "grupo", "tipo", "etiqueta", "ayuda", "valor", "valor_por_defecto", "obligatoria", "editable",
        "opciones", "minimo", "maximo", "actualizado_por", "creado_en", "actualizado_en",
    }  # fmt: skip


def test_the_list_is_also_served_under_v1_and_filters_by_group_and_key(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    alerts = client.get("/api/v1/config/", {"grupo": "alertas"}).json()
    assert [item["clave"] for item in alerts["results"]] == [
        catalogue.CONTRACT_EXPIRY_DAYS,
        catalogue.LOW_STOCK_MINIMUM,
        catalogue.LOW_STOCK_ALERTS,
        catalogue.OUT_OF_STOCK,
    ]
    one = client.get(LIST, {"clave": catalogue.TIMEZONE}).json()
    assert [item["valor"] for item in one["results"]] == ["America/Guayaquil"]
    ordered = client.get(LIST, {"ordering": "-clave", "page_size": 1}).json()
    assert ordered["results"][0]["clave"] == "respaldos.retencion_dias"
    assert client.get(LIST, {"ordering": "valor"}).status_code == 400


def test_the_list_runs_a_fixed_number_of_queries(api_client, tenant_a, admin_a, django_assert_max_num_queries):
    client = api_client(tenant_a, admin_a)
    client.get(LIST)  # warm: the business's cached settings and the tenant
    with schema_context(tenant_a.schema_name):
        for _ in range(3):
            make_setting_row()
    # search path, user, its permissions (2), missing rows, count, page, and the stored values (read again: this
    # test's own transaction changed them, so the cache is not used)
    with django_assert_max_num_queries(8):
        small = client.get(LIST, {"page_size": 5})
    # the numbering group: a page with a module's document kind reads the number sequences (once) as the full one does
    with CaptureQueriesContext(connection) as page_of_five:
        client.get(LIST, {"page_size": 5, "grupo": "numeracion"})
    with CaptureQueriesContext(connection) as page_of_hundred:
        full = client.get(LIST, {"page_size": 100})
    assert small.status_code == full.status_code == 200
    # A page that shows the next number of a document kind (a module's numbering, such as the orders') reads
    # the counters: one query for all of them, however many kinds there are.
    assert len(page_of_five) <= len(page_of_hundred) <= len(page_of_five) + 1


def test_one_setting_is_shown_with_its_value(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).get(detail(row(tenant_a, catalogue.LANGUAGE)))
    assert response.status_code == 200
    body = response.json()
    assert body["clave"] == catalogue.LANGUAGE and body["valor"] == "es" and body["tipo"] == "opcion"
    assert [option["valor"] for option in body["opciones"]] == ["es", "en"]


def test_an_unknown_id_is_404(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).get(f"{LIST}{uuid.uuid4()}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_another_business_setting_is_404(api_client, tenant_a, tenant_b, admin_b):
    theirs = row(tenant_a, catalogue.IVA_RATE)
    client = api_client(tenant_b, admin_b)
    assert client.get(detail(theirs)).status_code == 404
    assert client.put(detail(theirs), {"valor": "12"}, format="json").status_code == 404
    assert client.delete(detail(theirs)).status_code == 404


# --- Giving a value (POST) ---------------------------------------------------------------------------------


def test_an_optional_setting_gets_its_first_value(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(
        LIST, {"clave": catalogue.BUSINESS_RUC, "valor": "1790042421-001"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["clave"] == catalogue.BUSINESS_RUC and body["valor"] == "1790042421001"
    assert body["obligatoria"] is False
    assert body["actualizado_por"]["username"] == admin_a.username
    assert row(tenant_a, catalogue.BUSINESS_RUC).value == "1790042421001"


def test_a_setting_that_exists_is_409_naming_it(api_client, tenant_a, admin_a):
    existing = row(tenant_a, catalogue.IVA_RATE)
    response = api_client(tenant_a, admin_a).post(LIST, {"clave": catalogue.IVA_RATE, "valor": "12"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "setting_duplicate"
    assert body["configuracion_existente"] == {"id": str(existing.pk), "clave": catalogue.IVA_RATE}
    assert "clave" in body["errors"]


def test_an_unknown_key_is_400_naming_the_key(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(LIST, {"clave": "moneda.bitcoin", "valor": 1}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "setting_unknown"
    assert body["errors"] == {"clave": ["«moneda.bitcoin» no es un ajuste de este negocio."]}


def test_a_value_of_the_wrong_type_is_400_naming_the_value(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(
        LIST, {"clave": catalogue.BUSINESS_EMAIL, "valor": "no es un correo"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "setting_invalid"
    assert body["errors"] == {"valor": ["Escriba un correo electrónico válido, como nombre@ejemplo.com."]}
    assert body["detail"].startswith("Correo electrónico: ")


def test_a_body_without_key_or_value_is_400(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(LIST, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"clave", "valor"}


# --- Changing a value (PUT) ----------------------------------------------------------------------------------


def test_a_setting_is_changed_and_the_change_is_read_at_once(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    iva = row(tenant_a, catalogue.IVA_RATE)
    client.get(detail(iva))  # cached before the change
    response = client.put(detail(iva), {"valor": 12}, format="json")
    assert response.status_code == 200
    assert response.json()["valor"] == "12.00"
    assert client.get(detail(iva)).json()["valor"] == "12.00"
    assert client.get("/api/config/system/").json()["moneda"]["tasa_iva"] == "12.00"
    assert row(tenant_a, catalogue.IVA_RATE).updated_by_id == admin_a.pk


def test_values_are_checked_by_type(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    cases = [
        (catalogue.CONTRACT_EXPIRY_DAYS, 400, "Debe estar entre 1 y 365."),
        (catalogue.CONTRACT_EXPIRY_DAYS, "treinta", "Debe ser un número entero."),
        (catalogue.TIMEZONE, "Marte/Olympus", "No es una zona horaria válida: use un nombre como America/Guayaquil."),
        (catalogue.MAINTENANCE, "sí", "Debe ser verdadero o falso (true o false)."),
        (catalogue.IVA_RATE, None, "Este ajuste es obligatorio."),
        (catalogue.BACKUP_TIME, "25:00", "Debe ser una hora del día en formato HH:MM (por ejemplo 02:30)."),
    ]
    for key, value, message in cases:
        response = client.put(detail(row(tenant_a, key)), {"valor": value}, format="json")
        assert response.status_code == 400, (key, value)
        assert response.json()["errors"] == {"valor": [message]}, (key, value)


def test_the_key_of_a_setting_cannot_change(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    iva = row(tenant_a, catalogue.IVA_RATE)
    assert client.put(detail(iva), {"clave": catalogue.IVA_RATE, "valor": "15"}, format="json").status_code == 200
    response = client.put(detail(iva), {"clave": catalogue.MONEY_DECIMALS, "valor": "3"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["clave"]


def test_a_put_without_a_value_is_400(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).put(detail(row(tenant_a, catalogue.IVA_RATE)), {}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["valor"]


def test_the_logo_is_shown_but_changed_only_in_the_admin(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    response = client.post(
        LIST, {"clave": catalogue.BUSINESS_LOGO, "valor": "https://example.com/logo.png"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"valor": ["«Logotipo» se cambia en el panel de administración."]}


def test_the_time_zone_setting_is_the_business_time_zone(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    response = client.put(detail(row(tenant_a, catalogue.TIMEZONE)), {"valor": "America/Lima"}, format="json")
    assert response.status_code == 200
    assert Tenant.objects.get(pk=tenant_a.pk).timezone == "America/Lima"
    assert row(tenant_a, catalogue.TIMEZONE).value is None  # one value: the business's, not a copy
    assert client.get("/api/tenants/current/").json()["zona_horaria"] == "America/Lima"
    stamp = client.get(detail(row(tenant_a, catalogue.IVA_RATE))).json()["actualizado_en"]
    assert stamp.endswith("-05:00")  # Lima's offset, now the business's local time


def test_the_language_setting_is_the_business_language(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    assert client.put(detail(row(tenant_a, catalogue.LANGUAGE)), {"valor": "en"}, format="json").status_code == 200
    assert Tenant.objects.get(pk=tenant_a.pk).language == "en"
    response = client.get(f"{LIST}{uuid.uuid4()}/")
    assert response["Content-Language"] == "en"  # the API now answers in the business's language


# --- Removing a value (DELETE) -----------------------------------------------------------------------------


def test_an_optional_setting_is_removed_and_its_default_applies(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    created = client.post(LIST, {"clave": catalogue.BUSINESS_LEGAL_NAME, "valor": "Foto Alfa S.A."}, format="json")
    assert client.get("/api/config/system/").json()["empresa"]["razon_social"] == "Foto Alfa S.A."
    response = client.delete(f"{LIST}{created.json()['id']}/")
    assert response.status_code == 204
    assert client.get("/api/config/system/").json()["empresa"]["razon_social"] == ""
    with schema_context(tenant_a.schema_name):
        assert not Setting.objects.filter(key=catalogue.BUSINESS_LEGAL_NAME).exists()


def test_a_required_setting_cannot_be_deleted(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).delete(detail(row(tenant_a, catalogue.IVA_RATE)))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "setting_required"
    assert body["detail"] == "«Tarifa de IVA (%)» es un ajuste obligatorio: cambie su valor en lugar de eliminarlo."


# --- Grouped views -------------------------------------------------------------------------------------------


def test_the_system_view_groups_every_value_with_its_defaults(api_client, tenant_a, admin_a):
    body = api_client(tenant_a, admin_a).get("/api/config/system/").json()
    platform = ["empresa", "moneda", "numeracion", "regional", "notificaciones", "mantenimiento"]
    assert [key for key in body if key in platform] == platform
    # and the groups the business's modules declare for this view (production's, in a studio)
    modules = {
        group.code for spec in enabled_modules(tenant_a) for group in spec.setting_groups if group.view == "system"
    }
    assert set(body) == {*platform, *modules}
    assert body["moneda"] == {"codigo": "USD", "tasa_iva": "15.00", "decimales": 2, "redondeo": "mitad_arriba"}
    assert body["regional"] == {"zona_horaria": "America/Guayaquil", "idioma": "es"}
    assert body["empresa"]["logo"] is None and body["empresa"]["ruc"] == ""
    assert body["mantenimiento"] == {"activo": False, "mensaje": ""}


def test_the_alerts_and_backup_views(api_client, tenant_a, admin_a):
    client = api_client(tenant_a, admin_a)
    assert client.get("/api/config/alerts/").json() == {
        "alertas": {
            "dias_vencimiento_contrato": 30,
            "stock_minimo": 5,
            "stock_bajo_aviso": True,
            "sin_stock": "bloquear",
        }
    }
    assert client.get("/api/v1/config/backup/").json() == {
        "respaldos": {"frecuencia": "diaria", "hora": "02:00", "retencion_dias": 30}
    }


def test_a_document_kind_nests_under_numbering(api_client, tenant_a, admin_a, order_kind):
    body = api_client(tenant_a, admin_a).get("/api/config/system/").json()
    assert {key: body["numeracion"][key] for key in ("digitos", "anual", "pedido")} == {
        "digitos": 5,
        "anual": True,
        "pedido": {"prefijo": "PED", "siguiente": 1},
    }  # and one entry per document kind the business's modules declare (producto…)


# --- Who may -------------------------------------------------------------------------------------------------


def test_without_a_token_every_operation_is_401(api_client, tenant_a):
    client = api_client(tenant_a)
    iva = row(tenant_a, catalogue.IVA_RATE)
    for response in (
        client.get(LIST),
        client.get(detail(iva)),
        client.post(LIST, {}, format="json"),
        client.put(detail(iva), {"valor": 1}, format="json"),
        client.delete(detail(iva)),
        client.get("/api/config/system/"),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_a_manager_reads_the_settings_but_cannot_change_them(api_client, tenant_a, manager_a):
    client = api_client(tenant_a, manager_a)
    iva = row(tenant_a, catalogue.IVA_RATE)
    assert client.get(LIST).status_code == 200
    assert client.get("/api/config/alerts/").status_code == 200
    assert client.put(detail(iva), {"valor": "12"}, format="json").status_code == 403
    assert (
        client.post(LIST, {"clave": catalogue.BUSINESS_RUC, "valor": "1790042421001"}, format="json").status_code == 403
    )
    assert client.delete(detail(iva)).status_code == 403


def test_other_roles_do_not_see_the_settings(api_client, tenant_a, sales_a):
    client = api_client(tenant_a, sales_a)
    for path in (LIST, "/api/config/system/", "/api/config/alerts/", "/api/config/backup/"):
        response = client.get(path)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_an_agro_business_has_the_platform_settings_too(api_client, tenant_agro, make_user):
    admin = make_user(tenant_agro, "Administrador")
    body = api_client(tenant_agro, admin).get("/api/config/system/").json()
    assert body["moneda"]["tasa_iva"] == "15.00"
