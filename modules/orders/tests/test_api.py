"""The orders API: creation with lines and payments, amounts, status steps and their rules, search, filters, PDF."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.configuration.catalogue import IVA_RATE, MONEY_ROUNDING, ROUND_HALF_EVEN
from fotostudio.configuration.services import settings_update
from fotostudio.users.roles import Role
from modules.orders.models import Order, OrderStatus
from modules.orders.tests.conftest import LIST, detail

NUMBER = re.compile(r"^PED-\d{4}-\d{5}$")

TWO_LINES = [
    {
        "descripcion": "Enmarcado de lámina",
        "cantidad": "1",
        "precio_unitario": "45.00",
        "descuento_porcentaje": "10",
        "ancho_cm": "40",
        "alto_cm": "50",
        "moldura": "Madera natural",
        "vidrio": "Antirreflejo",
        "paspartu": "Blanco",
    },
    {"descripcion": "Impresión fine art", "cantidad": "2", "precio_unitario": "10.00", "tasa_iva": "0"},
]


def _move(api, order_id, *steps, **extra):
    response = None
    for step in steps:
        response = api.post(f"{detail(order_id)}transition/", {"estado": step, **extra}, format="json")
    return response


def test_an_order_is_created_with_its_lines_and_deposit_numbered_and_computed_by_the_server(api, new_order):
    order = new_order(lines=TWO_LINES, pagos=[{"monto": "20.00", "forma_pago": "efectivo", "referencia": "Recibo 1"}])
    assert NUMBER.match(order["numero"]) and order["numero"][4:8] == str(timezone.localdate().year)
    first, second = order["lineas"]
    # 45.00 - 10 % = 40.50, IVA 15 % (the configured rate) = 6.08 → 46.58; 2 × 10.00 at 0 % = 20.00
    assert (first["subtotal"], first["descuento"], first["iva"], first["total"], first["tasa_iva"]) == (
        "45.00",
        "4.50",
        "6.08",
        "46.58",
        "15.00",
    )
    assert (second["total"], second["tasa_iva"]) == ("20.00", "0.00")
    assert (first["ancho_cm"], first["moldura"], first["posicion"]) == ("40.00", "Madera natural", 1)
    assert (order["subtotal"], order["descuento"], order["iva"], order["total"]) == ("65.00", "4.50", "6.08", "66.58")
    assert (order["pagado"], order["saldo"], order["estado"]) == ("20.00", "46.58", "PENDIENTE")
    assert [(p["monto"], p["forma_pago"], p["referencia"]) for p in order["pagos"]] == [
        ("20.00", "efectivo", "Recibo 1")
    ]
    assert api.get(detail(order["id"])).json() == order


def test_amounts_sent_by_the_caller_are_ignored(api, new_order):
    order = new_order(total="1.00", saldo="0.00", numero="X-1", estado="ENTREGADO")
    assert (order["total"], order["saldo"], order["estado"]) == ("23.00", "23.00", "PENDIENTE")
    assert NUMBER.match(order["numero"])


def test_tax_and_rounding_follow_the_business_settings(api, new_order, tenant_a):
    with schema_context(tenant_a.schema_name):
        settings_update(values={IVA_RATE: Decimal("12.00"), MONEY_ROUNDING: ROUND_HALF_EVEN})
    order = new_order(lines=[{"descripcion": "Copia", "cantidad": "1.25", "precio_unitario": "0.50"}])
    # 1.25 × 0.50 = 0.625 → 0.62 (half to even); 0.62 × 12 % = 0.0744 → 0.07
    assert (order["lineas"][0]["tasa_iva"], order["subtotal"], order["iva"], order["total"]) == (
        "12.00",
        "0.62",
        "0.07",
        "0.69",
    )


def test_numbers_are_consecutive(api, new_order):
    first, second = new_order()["numero"], new_order()["numero"]
    assert int(second[-5:]) == int(first[-5:]) + 1


def test_bad_lines_and_unknown_service_or_client_are_400_by_field(api, new_order, client_in, tenant_a):
    client = str(client_in(tenant_a).pk)
    response = api.post(LIST, {"cliente": client, "servicio": "nada", "lineas": []}, format="json")
    assert response.status_code == 400 and "servicio" in response.json()["errors"]
    for code in ("impre\x00sion", "x" * 5000):  # no code could be this: a 400, never a database error
        response = api.patch(detail(new_order()["id"]), {"servicio": code}, format="json")
        assert response.status_code == 400 and "servicio" in response.json()["errors"]
    response = api.post(
        LIST,
        {
            "cliente": client,
            "servicio": "impresion",
            "lineas": [{"descripcion": "x", "cantidad": "0", "precio_unitario": "-1"}],
        },
        format="json",
    )
    assert response.status_code == 400 and "lineas" in response.json()["errors"]
    response = api.post(
        LIST,
        {
            "cliente": client,
            "servicio": "impresion",
            "lineas": [{"descripcion": "Marco", "precio_unitario": "5", "ancho_cm": "20"}],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "order_line_invalid"
    assert "lineas" in response.json()["errors"]
    response = api.post(
        LIST, {"cliente": "7a1b7f7e-0000-4000-8000-000000000000", "servicio": "impresion"}, format="json"
    )
    assert response.status_code == 400 and "cliente" in response.json()["errors"]
    today = timezone.localdate()
    response = api.post(
        LIST,
        {
            "cliente": client,
            "servicio": "impresion",
            "fecha": str(today),
            "fecha_prometida": str(today - timedelta(days=1)),
        },
        format="json",
    )
    assert response.status_code == 400 and "fecha_prometida" in response.json()["errors"]


def test_a_put_with_lines_replaces_them_and_recomputes(api, new_order):
    order = new_order()
    response = api.put(
        detail(order["id"]),
        {
            "cliente": order["cliente"],
            "servicio": "enmarcado",
            "lineas": [{"descripcion": "Marco", "cantidad": "1", "precio_unitario": "100.00"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert ([line["descripcion"] for line in body["lineas"]], body["total"], body["servicio"]) == (
        ["Marco"],
        "115.00",
        "enmarcado",
    )
    response = api.patch(detail(order["id"]), {"notas": "Sin cambios en líneas"}, format="json")
    assert response.json()["total"] == "115.00" and len(response.json()["lineas"]) == 1


def test_payments_are_registered_apart_and_never_above_the_balance(api, new_order):
    order = new_order()  # total 23.00
    assert (
        api.patch(detail(order["id"]), {"pagos": [{"monto": "1", "forma_pago": "efectivo"}]}, format="json").status_code
        == 400
    )
    payments = f"{detail(order['id'])}payments/"
    response = api.post(payments, {"monto": "23.01", "forma_pago": "tarjeta"}, format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["saldo"]) == ("order_payment_exceeds_balance", "23.00")
    assert "monto" in response.json()["errors"]
    response = api.post(
        payments, {"monto": "10.00", "forma_pago": "transferencia", "referencia": "TRX-9"}, format="json"
    )
    assert response.status_code == 201 and response.json()["registrado_por"]["username"]
    assert api.post(payments, {"monto": "0", "forma_pago": "efectivo"}, format="json").status_code == 400
    assert api.post(payments, {"monto": "1", "forma_pago": "cheque"}, format="json").status_code == 400
    listed = api.get(payments).json()
    assert (listed["count"], listed["results"][0]["referencia"]) == (1, "TRX-9")
    assert api.get(detail(order["id"])).json()["saldo"] == "13.00"


def test_the_status_moves_one_step_at_a_time(api, new_order):
    order = new_order(pagos=[{"monto": "23.00", "forma_pago": "efectivo"}])
    response = _move(api, order["id"], "LISTO")
    assert (response.status_code, response.json()["code"]) == (409, "order_transition_not_allowed")
    response = _move(api, order["id"], "EN_PROCESO", "LISTO", "ENTREGADO")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["estado"], body["entregado_con_saldo"]) == ("ENTREGADO", False) and body["entregado_en"]
    response = _move(api, order["id"], "CANCELADO")
    assert (response.status_code, response.json()["code"]) == (409, "order_delivered_not_cancellable")
    assert _move(api, order["id"], "NADA").status_code == 400


def test_an_order_without_lines_cannot_move_forward(api, new_order):
    order = new_order(lines=[])
    response = _move(api, order["id"], "EN_PROCESO")
    assert (response.status_code, response.json()["code"]) == (409, "order_without_lines")
    assert _move(api, order["id"], "CANCELADO").status_code == 200


def test_an_open_balance_blocks_delivery_unless_a_manager_overrides_with_a_reason(
    api, new_order, api_client, tenant_a, sales_a, manager_a
):
    order = new_order(pagos=[{"monto": "5.00", "forma_pago": "efectivo"}])
    _move(api, order["id"], "EN_PROCESO", "LISTO")
    response = _move(api, order["id"], "ENTREGADO")
    assert (response.status_code, response.json()["code"], response.json()["saldo"]) == (
        409,
        "order_balance_open",
        "18.00",
    )
    response = _move(api_client(tenant_a, sales_a), order["id"], "ENTREGADO", autorizar_saldo=True, motivo="Confío")
    assert (response.status_code, response.json()["code"]) == (403, "order_override_forbidden")
    manager = api_client(tenant_a, manager_a)
    response = _move(manager, order["id"], "ENTREGADO", autorizar_saldo=True)
    assert (response.status_code, response.json()["code"]) == (400, "order_reason_required")
    assert "motivo" in response.json()["errors"]
    response = _move(manager, order["id"], "ENTREGADO", autorizar_saldo=True, motivo="Paga el viernes")
    assert response.status_code == 200
    assert (response.json()["estado"], response.json()["entregado_con_saldo"], response.json()["motivo_estado"]) == (
        "ENTREGADO",
        True,
        "Paga el viernes",
    )
    assert response.json()["saldo"] == "18.00"


def test_the_balance_of_a_delivered_order_can_still_be_paid(api, new_order, manager_a, api_client, tenant_a):
    order = new_order()
    manager = api_client(tenant_a, manager_a)
    _move(manager, order["id"], "EN_PROCESO", "LISTO")
    _move(manager, order["id"], "ENTREGADO", autorizar_saldo=True, motivo="Empresa paga a 30 días")
    response = api.post(
        f"{detail(order['id'])}payments/", {"monto": "23.00", "forma_pago": "transferencia"}, format="json"
    )
    assert response.status_code == 201
    assert api.get(detail(order["id"])).json()["saldo"] == "0.00"


def test_a_cancelled_order_with_payments_shows_the_refund_and_takes_no_more_payments(api, new_order):
    order = new_order(pagos=[{"monto": "8.00", "forma_pago": "efectivo"}])
    assert order["a_reembolsar"] == "0.00"
    body = _move(api, order["id"], "CANCELADO").json()
    assert (body["estado"], body["a_reembolsar"], body["saldo"], body["pagado"]) == (
        "CANCELADO",
        "8.00",
        "0.00",
        "8.00",
    )
    response = api.post(f"{detail(order['id'])}payments/", {"monto": "1.00", "forma_pago": "efectivo"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "order_payment_not_allowed")
    assert _move(api, order["id"], "EN_PROCESO").status_code == 409


def test_lines_of_a_delivered_order_do_not_change_but_its_notes_do(api, new_order):
    order = new_order(pagos=[{"monto": "23.00", "forma_pago": "tarjeta"}])
    _move(api, order["id"], "EN_PROCESO", "LISTO", "ENTREGADO")
    response = api.patch(
        detail(order["id"]), {"lineas": [{"descripcion": "Otra", "precio_unitario": "1"}]}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "order_lines_frozen")
    response = api.patch(detail(order["id"]), {"prioridad": "urgente"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "order_closed")
    response = api.patch(detail(order["id"]), {"notas": "Retiró la hija"}, format="json")
    assert response.status_code == 200 and response.json()["notas"] == "Retiró la hija"


def test_lines_cannot_bring_the_total_below_what_was_paid(api, new_order):
    order = new_order(pagos=[{"monto": "20.00", "forma_pago": "efectivo"}])
    response = api.patch(
        detail(order["id"]), {"lineas": [{"descripcion": "Copia", "precio_unitario": "1"}]}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "order_total_below_paid")
    assert api.get(detail(order["id"])).json()["total"] == "23.00"


def test_an_order_with_payments_is_not_deleted(api, new_order):
    paid = new_order(pagos=[{"monto": "1.00", "forma_pago": "efectivo"}])
    response = api.delete(detail(paid["id"]))
    assert (response.status_code, response.json()["code"]) == (409, "order_has_payments")
    unpaid = new_order()
    assert api.delete(detail(unpaid["id"])).status_code == 204
    assert api.get(detail(unpaid["id"])).status_code == 404


def test_a_client_with_orders_cannot_be_deleted(api, new_order):
    order = new_order()
    response = api.delete(f"/api/v1/clients/{order['cliente']}/")
    assert response.status_code == 409 and "pedido" in response.json()["detail"]


def test_search_finds_number_client_name_and_document_without_accents(api, new_order, client_in, tenant_a):
    jose = client_in(tenant_a, name="José Pérez Núñez", document="1710034065")
    ana = client_in(tenant_a, name="Ana Andrade")
    first = new_order(cliente=jose.pk)
    second = new_order(cliente=ana.pk)

    def found(q):
        response = api.get(f"{LIST}search/", {"q": q})
        assert response.status_code == 200
        return {row["numero"] for row in response.json()["results"]}

    assert found("jose perez") == {first["numero"]}
    assert found("NUÑEZ") == {first["numero"]}
    assert found("1710034065") == {first["numero"]}
    assert found(second["numero"].lower()) == {second["numero"]}
    assert found("andrade") == {second["numero"]}
    assert found("zzz") == set()
    assert found("") == {first["numero"], second["numero"]}
    assert api.get(f"{LIST}search/", {"q": "x" * 201}).status_code == 400
    assert {row["numero"] for row in api.get(LIST, {"search": "perez"}).json()["results"]} == {first["numero"]}


def test_the_list_filters_by_status_service_client_dates_overdue_and_balance(api, new_order, client_in, tenant_a):
    today = timezone.localdate()
    client = client_in(tenant_a)
    late = new_order(
        fecha=str(today - timedelta(days=10)), fecha_prometida=str(today - timedelta(days=2)), cliente=client.pk
    )
    paid = new_order(servicio="enmarcado", pagos=[{"monto": "23.00", "forma_pago": "efectivo"}])
    cancelled = new_order(fecha=str(today - timedelta(days=40)))
    _move(api, cancelled["id"], "CANCELADO")

    def numbers(**params):
        response = api.get(LIST, params)
        assert response.status_code == 200, response.json()
        return {row["numero"] for row in response.json()["results"]}

    assert numbers(estado="CANCELADO") == {cancelled["numero"]}
    assert numbers(servicio="enmarcado") == {paid["numero"]}
    assert numbers(cliente=str(client.pk)) == {late["numero"]}
    assert numbers(fecha_desde=str(today - timedelta(days=15)), fecha_hasta=str(today - timedelta(days=5))) == {
        late["numero"]
    }
    assert numbers(vencido="true") == {late["numero"]}
    assert numbers(con_saldo="true") == {late["numero"]}
    assert numbers(con_saldo="false") == {paid["numero"], cancelled["numero"]}
    assert api.get(LIST, {"estado": "PERDIDO"}).status_code == 400
    assert api.get(LIST, {"vencido": "quizas"}).status_code == 400
    assert api.get(LIST, {"fecha_desde": "ayer"}).status_code == 400
    assert late["vencido"] is True and paid["vencido"] is False
    ordered = [row["numero"] for row in api.get(LIST, {"ordering": "total"}).json()["results"]]
    assert len(ordered) == 3


def test_the_pdf_receipt_is_a_pdf_with_the_order_number(api, new_order, tenant_a):
    order = new_order(lines=TWO_LINES, pagos=[{"monto": "20.00", "forma_pago": "efectivo"}])
    response = api.get(f"{detail(order['id'])}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert order["numero"] in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    asked = api.get(f"{detail(order['id'])}pdf/", HTTP_ACCEPT="application/pdf")
    assert asked.status_code == 200 and asked.content.startswith(b"%PDF")


def test_without_a_token_it_is_401(api_client, tenant_a, order_in):
    order = order_in(tenant_a)
    anonymous = api_client(tenant_a)
    assert anonymous.get(LIST).status_code == 401
    assert anonymous.get(f"{detail(order.pk)}pdf/").status_code == 401
    assert anonymous.post(f"{detail(order.pk)}transition/", {"estado": "EN_PROCESO"}, format="json").status_code == 401


def test_another_business_orders_are_never_seen(api, order_in, tenant_b):
    theirs = order_in(tenant_b, lines=1, payments=1)
    assert api.get(LIST).json()["count"] == 0
    for path in ("", "pdf/", "payments/"):
        assert api.get(f"{detail(theirs.pk)}{path}").status_code == 404
    assert api.post(f"{detail(theirs.pk)}transition/", {"estado": "CANCELADO"}, format="json").status_code == 404
    assert (
        api.post(f"{detail(theirs.pk)}payments/", {"monto": "1", "forma_pago": "efectivo"}, format="json").status_code
        == 404
    )
    with schema_context(tenant_b.schema_name):
        assert Order.objects.get(pk=theirs.pk).status == OrderStatus.PENDING


ROLE_EXPECTATIONS = {
    # role: (list, create, transition and payment, delete)
    Role.ADMINISTRATOR: (200, 201, 200, 204),
    Role.MANAGER: (200, 201, 200, 204),
    Role.SALES: (200, 201, 200, 403),
    Role.PRODUCTION: (200, 403, 200, 403),
    Role.PHOTOGRAPHER: (200, 403, 403, 403),
    Role.ACCOUNTING: (200, 403, 403, 403),
    Role.READ_ONLY: (200, 403, 403, 403),
}


@pytest.mark.parametrize("role", list(ROLE_EXPECTATIONS))
def test_access_follows_the_roles(role, api_client, make_user, tenant_a, order_in, client_in):
    listing, creating, stepping, deleting = ROLE_EXPECTATIONS[role]
    api = api_client(tenant_a, make_user(tenant_a, role))
    order = order_in(tenant_a, lines=1)
    client = client_in(tenant_a)
    assert api.get(LIST).status_code == listing
    assert api.get(f"{detail(order.pk)}pdf/").status_code == listing
    created = api.post(LIST, {"cliente": str(client.pk), "servicio": "impresion"}, format="json")
    assert created.status_code == creating
    assert api.post(f"{detail(order.pk)}transition/", {"estado": "EN_PROCESO"}, format="json").status_code == stepping
    with schema_context(tenant_a.schema_name):
        from modules.orders.services import order_totals_recompute

        order_totals_recompute(order=Order.objects.get(pk=order.pk))
    paid = api.post(f"{detail(order.pk)}payments/", {"monto": "1.00", "forma_pago": "efectivo"}, format="json")
    assert paid.status_code == (201 if stepping == 200 else 403)
    other = order_in(tenant_a)
    assert api.delete(detail(other.pk)).status_code == deleting


def test_the_list_and_the_detail_run_a_fixed_number_of_queries_whatever_the_lines(
    api, order_in, tenant_a, django_assert_max_num_queries
):
    api.get(LIST)  # warms the tenant resolution and the settings caches
    for _ in range(3):
        order_in(tenant_a, lines=1, payments=1)
    with django_assert_max_num_queries(12) as few:
        api.get(LIST, {"page_size": 100})
    for _ in range(20):
        order_in(tenant_a, lines=15, payments=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 23
    small = order_in(tenant_a, lines=1)
    big = order_in(tenant_a, lines=40, payments=5)
    with django_assert_max_num_queries(12) as one:
        api.get(detail(small.pk))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get(detail(big.pk)).json()["lineas"]) == 40


def test_fast_output_equals_drfs(api, new_order, manager_a, api_client, tenant_a):
    """The list's quick serialisation (FastReadMixin) gives exactly what DRF's own fields give."""
    import json

    from rest_framework.utils.encoders import JSONEncoder

    from modules.orders.api.serializers import OrderSerializer
    from modules.orders.selectors import order_list

    def as_json(value):
        return json.loads(json.dumps(value, cls=JSONEncoder))

    order = new_order(lines=TWO_LINES, pagos=[{"monto": "20.00", "forma_pago": "efectivo"}], notas="Nota")
    manager = api_client(tenant_a, manager_a)
    _move(manager, order["id"], "EN_PROCESO", "LISTO")
    _move(manager, order["id"], "ENTREGADO", autorizar_saldo=True, motivo="Paga luego")
    with schema_context(tenant_a.schema_name):
        row = order_list().get(pk=order["id"])
        serializer = OrderSerializer()
        fast = serializer.to_representation(row)
        slow = serializer.drf_representation(row)
    lines_and_payments = ("lineas", "pagos")
    assert as_json({k: v for k, v in fast.items() if k not in lines_and_payments}) == as_json(
        {k: v for k, v in slow.items() if k not in lines_and_payments}
    )
    line_serializer = serializer.fields["lineas"].child
    payment_serializer = serializer.fields["pagos"].child
    assert as_json(fast["lineas"]) == as_json([line_serializer.drf_representation(line) for line in row.line_rows])
    assert as_json(fast["pagos"]) == as_json(
        [payment_serializer.drf_representation(payment) for payment in row.payment_rows]
    )
    assert fast["entregado_en"] and fast["lineas"][0]["ancho_cm"] == "40.00"


def test_a_list_request_reads_rows_without_building_drfs_fields(api, order_in, tenant_a, monkeypatch):
    """The quick read plan is built once per serializer class: a request reads its rows with it, so no request
    builds DRF's fields (the serializers' output never depends on the request)."""
    from modules.orders.api.serializers import OrderLineSerializer, OrderSerializer, PaymentSerializer

    order_in(tenant_a, lines=2, payments=1)
    first = api.get(LIST).json()["results"]

    def refuse(self):
        raise AssertionError(f"{type(self).__name__} built its fields to read a row")

    for serializer_class in (OrderSerializer, OrderLineSerializer, PaymentSerializer):
        monkeypatch.setattr(serializer_class, "get_fields", refuse)
    assert api.get(LIST).json()["results"] == first


def _pdf_text(content: bytes) -> str:
    """The PDF's streams, decoded as reportlab writes them (ASCII85, then deflate)."""
    import base64
    import zlib

    text = []
    for match in re.finditer(rb"stream\r?\n(.*?)~>\s*endstream", content, re.S):
        try:
            text.append(zlib.decompress(base64.a85decode(match.group(1).replace(b"\n", b""))).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return "\n".join(text)


def test_the_pdf_carries_the_business_data_and_logo(api, new_order, tenant_a, monkeypatch):
    import io

    from PIL import Image

    from fotostudio.configuration import catalogue
    from fotostudio.core import pdf as core_pdf

    with schema_context(tenant_a.schema_name):
        settings_update(
            values={catalogue.BUSINESS_TRADE_NAME: "Foto Estudio Luz", catalogue.BUSINESS_PHONE: "022456789"}
        )
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(png, format="PNG")

    class Logo:
        def open(self, mode):
            return io.BytesIO(png.getvalue())

    real = core_pdf.setting_value
    monkeypatch.setattr(core_pdf, "setting_value", lambda key: Logo() if key == catalogue.BUSINESS_LOGO else real(key))
    order = new_order(lines=TWO_LINES, pagos=[{"monto": "20.00", "forma_pago": "efectivo"}])
    content = api.get(f"{detail(order['id'])}pdf/").content
    assert b"/Subtype /Image" in content
    text = _pdf_text(content)
    for expected in ("Foto Estudio Luz", order["numero"], "Enmarcado de l", "66,58", "46,58"):
        assert expected in text, expected
