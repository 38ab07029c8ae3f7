"""The notifications API as the frontend's contract states it: each user's own, polling, reading, preferences."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.notifications.models import Notification, NotificationPreference
from fotostudio.users.roles import Role

LIST = "/api/v1/notificaciones/notificaciones/"
UNREAD = f"{LIST}no-leidas/"
ALL_READ = f"{LIST}marcar-todas-leidas/"
PREFERENCES = "/api/v1/notificaciones/preferencias/"
HISTORY = "/api/v1/notificaciones/historial-lectura/"


def body_for(user, **fields):
    return {
        "usuario_destinatario": str(user.pk),
        "tipo_notificacion": "CALIDAD",
        "titulo": "Humedad fuera de rango",
        "cuerpo": "La última medición superó el 14 %.",
        **fields,
    }


def test_send_a_notification_and_the_recipient_reads_it(api_client, tenant_agro, admin_agro, worker_agro):
    response = api_client(tenant_agro, admin_agro).post(
        LIST, body_for(worker_agro, datos_adicionales={"humedad": 15.2}), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {
        "id", "usuario_destinatario", "tipo_notificacion", "titulo", "cuerpo", "prioridad", "alerta",
        "datos_adicionales", "fecha_expiracion", "leida", "fecha_lectura", "creado_en",
    }  # fmt: skip
    assert (body["prioridad"], body["leida"], body["datos_adicionales"]) == ("MEDIA", False, {"humedad": 15.2})
    mine = api_client(tenant_agro, worker_agro)
    assert mine.get(f"{LIST}{body['id']}/").json()["titulo"] == "Humedad fuera de rango"
    assert [row["id"] for row in mine.get(LIST).json()["results"]] == [body["id"]]
    assert [row["id"] for row in mine.get(UNREAD).json()["results"]] == [body["id"]]


def test_another_users_notification_is_404(api_client, tenant_agro, admin_agro, worker_agro, notification_in):
    theirs = notification_in(tenant_agro, recipient=admin_agro)
    api = api_client(tenant_agro, worker_agro)
    assert api.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert api.post(f"{LIST}{theirs.pk}/marcar-leida/").status_code == 404
    assert api.put(f"{LIST}{theirs.pk}/", {"titulo": "x"}, format="json").status_code == 404
    assert api.delete(f"{LIST}{theirs.pk}/").status_code == 404
    assert api.get(LIST).json()["count"] == 0
    assert api.get(f"{LIST}{uuid.uuid4()}/").status_code == 404


def test_another_business_notification_is_404(api_client, tenant_agro, tenant_agro_b, make_user, notification_in):
    theirs = notification_in(tenant_agro)
    other = make_user(tenant_agro_b, Role.ADMINISTRATOR)
    assert api_client(tenant_agro_b, other).get(f"{LIST}{theirs.pk}/").status_code == 404


def test_expired_notifications_are_not_listed(api_client, tenant_agro, worker_agro, notification_in):
    past = notification_in(tenant_agro, recipient=worker_agro, expires_at=timezone.now() - datetime.timedelta(hours=1))
    future = notification_in(
        tenant_agro, recipient=worker_agro, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    api = api_client(tenant_agro, worker_agro)
    for path in (LIST, UNREAD):
        assert [row["id"] for row in api.get(path).json()["results"]] == [str(future.pk)]
    assert api.get(f"{LIST}{past.pk}/").status_code == 404


def test_a_type_the_recipient_switched_off_is_400(api_client, tenant_agro, admin_agro, worker_agro):
    with schema_context(tenant_agro.schema_name):
        NotificationPreference.objects.create(user=worker_agro, quality_enabled=False)
    response = api_client(tenant_agro, admin_agro).post(LIST, body_for(worker_agro), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "notification_disabled"
    assert "tipo_notificacion" in response.json()["errors"]


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"tipo_notificacion": "URGENTE"}, "tipo_notificacion"),
        ({"titulo": ""}, "titulo"),
        ({"prioridad": "MAXIMA"}, "prioridad"),
        ({"usuario_destinatario": str(uuid.uuid4())}, "usuario_destinatario"),
        ({"alerta": str(uuid.uuid4())}, "alerta"),
        ({"lote": str(uuid.uuid4())}, "lote"),
        ({"envio": str(uuid.uuid4())}, "envio"),
        ({"evento_trazabilidad": str(uuid.uuid4())}, "evento_trazabilidad"),
        ({"fecha_expiracion": "mañana"}, "fecha_expiracion"),
    ],
)
def test_bad_notifications_are_400_naming_the_field(api_client, tenant_agro, admin_agro, worker_agro, fields, key):
    response = api_client(tenant_agro, admin_agro).post(LIST, body_for(worker_agro, **fields), format="json")
    assert response.status_code == 400, response.json()
    assert key in response.json()["errors"]


def test_only_managers_send_notifications_to_others(api_client, tenant_agro, admin_agro, worker_agro):
    response = api_client(tenant_agro, worker_agro).post(LIST, body_for(admin_agro), format="json")
    assert response.status_code == 403


def test_without_a_token_401(api_client, tenant_agro):
    api = api_client(tenant_agro)
    for path in (LIST, UNREAD, PREFERENCES, HISTORY):
        assert api.get(path).status_code == 401
    assert api.post(ALL_READ).status_code == 401


def test_update_and_delete_own_notification(api_client, tenant_agro, worker_agro, notification_in):
    mine = notification_in(tenant_agro, recipient=worker_agro)
    api = api_client(tenant_agro, worker_agro)
    response = api.put(f"{LIST}{mine.pk}/", {"titulo": "Revisado", "prioridad": "BAJA"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["titulo"], response.json()["prioridad"]) == ("Revisado", "BAJA")
    assert api.put(f"{LIST}{mine.pk}/", {"titulo": ""}, format="json").status_code == 400
    assert api.delete(f"{LIST}{mine.pk}/").status_code == 204
    assert api.get(f"{LIST}{mine.pk}/").status_code == 404


def test_mark_read_then_history_then_all(api_client, tenant_agro, worker_agro, notification_in):
    first = notification_in(tenant_agro, recipient=worker_agro, title="Primera")
    notification_in(tenant_agro, recipient=worker_agro)
    notification_in(tenant_agro, recipient=worker_agro)
    api = api_client(tenant_agro, worker_agro)
    response = api.post(f"{LIST}{first.pk}/marcar-leida/")
    assert response.status_code == 200 and response.json()["leida"] is True and response.json()["fecha_lectura"]
    assert api.get(UNREAD).json()["count"] == 2
    history = api.get(HISTORY).json()
    assert [(row["notificacion"], row["titulo"]) for row in history["results"]] == [(str(first.pk), "Primera")]
    assert api.post(ALL_READ).json() == {"marcadas": 2}
    assert api.get(UNREAD).json()["count"] == 0
    assert api.get(HISTORY).json()["count"] == 3


def test_read_only_staff_read_and_mark_their_notifications(api_client, tenant_agro, make_user, notification_in):
    reader = make_user(tenant_agro, Role.READ_ONLY)
    mine = notification_in(tenant_agro, recipient=reader)
    api = api_client(tenant_agro, reader)
    assert api.get(LIST).json()["count"] == 1
    assert api.post(f"{LIST}{mine.pk}/marcar-leida/").status_code == 200
    assert api.put(PREFERENCES, {"calidad_habilitada": False}, format="json").status_code == 200
    assert api.delete(f"{LIST}{mine.pk}/").status_code == 403


def test_preferences_have_defaults_and_change(api_client, tenant_agro, worker_agro):
    api = api_client(tenant_agro, worker_agro)
    body = api.get(PREFERENCES).json()
    assert body == {
        "id": body["id"],
        "usuario_email": "calidad@example.com",
        "alertas_habilitadas": True,
        "eventos_trazabilidad_habilitados": True,
        "estados_envios_habilitados": True,
        "calidad_habilitada": True,
        "sincronizacion_habilitada": True,
        "sistema_habilitada": True,
        "intervalo_polling_segundos": 30,
        "eliminar_notificaciones_leidas_dias": 30,
        "silencioso_horario_inicio": None,
        "silencioso_horario_fin": None,
    }
    response = api.put(
        PREFERENCES,
        {"calidad_habilitada": False, "silencioso_horario_inicio": "22:00:00", "silencioso_horario_fin": "06:00:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    changed = response.json()
    assert changed["id"] == body["id"] and changed["calidad_habilitada"] is False
    assert (changed["silencioso_horario_inicio"], changed["silencioso_horario_fin"]) == ("22:00:00", "06:00:00")
    assert api.get(PREFERENCES).json() == changed


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"intervalo_polling_segundos": 2}, "intervalo_polling_segundos"),
        ({"eliminar_notificaciones_leidas_dias": 0}, "eliminar_notificaciones_leidas_dias"),
        ({"silencioso_horario_inicio": "22:00:00"}, "silencioso_horario_fin"),
        ({"silencioso_horario_fin": "25:00"}, "silencioso_horario_fin"),
        ({"alertas_habilitadas": "quizas"}, "alertas_habilitadas"),
    ],
)
def test_bad_preferences_are_400(api_client, tenant_agro, worker_agro, fields, key):
    response = api_client(tenant_agro, worker_agro).put(PREFERENCES, fields, format="json")
    assert response.status_code == 400, response.json()
    assert key in response.json()["errors"]


def test_the_polling_list_runs_fixed_queries(api_client, tenant_agro, worker_agro, django_assert_max_num_queries):
    from fotostudio.notifications.tests.factories import NotificationFactory

    with schema_context(tenant_agro.schema_name):
        NotificationFactory.create_batch(40, recipient=worker_agro)
        NotificationFactory.create_batch(5, recipient=worker_agro, is_read=True, read_at=timezone.now())
    api = api_client(tenant_agro, worker_agro)
    api.get(UNREAD)
    for page_size in (5, 40):
        # search_path, the user, COUNT, the page (the kind of linked record joined); no permission query:
        # a user's permissions are cached on the user for the request.
        with django_assert_max_num_queries(6):
            response = api.get(UNREAD, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
    with django_assert_max_num_queries(6):
        assert api.get(HISTORY).status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get(LIST, {"page_size": 40}).status_code == 200


def test_a_notification_about_an_alert_keeps_its_id(api_client, tenant_agro, admin_agro, worker_agro):
    from fotostudio.alerts.tests.factories import AlertFactory

    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    response = api_client(tenant_agro, admin_agro).post(
        LIST, body_for(worker_agro, alerta=str(alert.pk)), format="json"
    )
    assert response.status_code == 201 and response.json()["alerta"] == str(alert.pk)
    with schema_context(tenant_agro.schema_name):
        assert Notification.objects.get(pk=response.json()["id"]).alert_id == alert.pk


@pytest.mark.parametrize("data", [{"texto": "a\u0000b"}, {"grande": "x" * 10_001}, ["no", "objeto"]])
def test_bad_extra_data_is_400(api_client, tenant_agro, admin_agro, worker_agro, data):
    response = api_client(tenant_agro, admin_agro).post(
        LIST, body_for(worker_agro, datos_adicionales=data), format="json"
    )
    assert response.status_code == 400, response.content
    assert "datos_adicionales" in response.json()["errors"]


def test_an_inactive_recipient_is_400(api_client, tenant_agro, admin_agro, worker_agro):
    with schema_context(tenant_agro.schema_name):
        worker_agro.is_active = False
        worker_agro.save(update_fields=["is_active"])
    response = api_client(tenant_agro, admin_agro).post(LIST, body_for(worker_agro), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "notification_recipient_inactive"


def test_filter_by_alert_and_read_state(api_client, tenant_agro, worker_agro, notification_in):
    from fotostudio.alerts.tests.factories import AlertFactory

    with schema_context(tenant_agro.schema_name):
        alert = AlertFactory()
    about = notification_in(tenant_agro, recipient=worker_agro, alert=alert)
    notification_in(tenant_agro, recipient=worker_agro)
    api = api_client(tenant_agro, worker_agro)
    assert [r["id"] for r in api.get(LIST, {"alerta": str(alert.pk)}).json()["results"]] == [str(about.pk)]
    assert api.get(LIST, {"leida": "true"}).json()["count"] == 0
    assert api.get(LIST, {"leida": "quizas"}).status_code == 400
