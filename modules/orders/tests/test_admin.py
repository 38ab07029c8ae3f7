"""Orders in the admin: the list, the form with lines and payments through the services, status actions, PDF."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import schema_context

from modules.orders.models import Order, OrderStatus, ServiceType

CHANGELIST = "/admin/orders/order/"
ADD = "/admin/orders/order/add/"


def change_url(order) -> str:
    return f"{CHANGELIST}{order.pk}/change/"


def _inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def form_data(client, service, lines, payments, **fields) -> dict:
    data = {
        "client": str(client.pk),
        "service_type": str(service.pk),
        "order_date": str(timezone.localdate()),
        "promised_date": "",
        "priority": "normal",
        "notes": "",
        **fields,
    }
    data.update(_inline("lines", lines))
    data.update(_inline("payments", payments))
    return data


LINE = {
    "description": "Impresión 20×30",
    "quantity": "2",
    "unit_price": "10.00",
    "discount_percent": "0",
    "tax_rate": "",
}


def _service(tenant):
    with schema_context(tenant.schema_name):
        return ServiceType.objects.get(code="impresion")


def test_the_admin_creates_an_order_with_lines_and_a_deposit_through_the_services(
    admin_client_for, tenant_a, admin_a, client_in
):
    client = client_in(tenant_a)
    browser = admin_client_for(tenant_a, admin_a)
    lines = [
        LINE,
        {
            **LINE,
            "description": "Marco",
            "quantity": "1",
            "unit_price": "30.00",
            "frame_width": "20",
            "frame_height": "30",
        },
    ]
    payments = [{"amount": "10.00", "method": "efectivo", "paid_on": str(timezone.localdate()), "reference": ""}]
    response = browser.post(ADD, form_data(client, _service(tenant_a), lines, payments))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    with schema_context(tenant_a.schema_name):
        order = Order.objects.get(client=client)
        assert order.number.startswith("PED-")
        assert (order.total, order.paid_total, order.balance) == (
            Decimal("57.50"),
            10,
            Decimal("47.50"),
        )  # 50 + 15 % IVA
        assert order.lines.count() == 2 and order.created_by == admin_a


def test_a_payment_above_the_balance_is_shown_on_the_form_and_nothing_is_saved(
    admin_client_for, tenant_a, admin_a, client_in
):
    client = client_in(tenant_a)
    payments = [{"amount": "99.00", "method": "efectivo", "paid_on": str(timezone.localdate()), "reference": ""}]
    response = admin_client_for(tenant_a, admin_a).post(ADD, form_data(client, _service(tenant_a), [LINE], payments))
    assert response.status_code == 200
    assert "supera el saldo pendiente" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Order.objects.filter(client=client).exists()


def test_the_list_shows_badges_overdue_orders_and_filters(admin_client_for, tenant_a, admin_a, order_in, client_in):
    today = timezone.localdate()
    late = order_in(
        tenant_a, lines=1, promised_date=today - timedelta(days=3), client=client_in(tenant_a, name="Óscar Tardío")
    )
    order_in(tenant_a, status=OrderStatus.DELIVERED)
    browser = admin_client_for(tenant_a, admin_a)
    html = browser.get(CHANGELIST).content.decode()
    assert late.number in html and "atrasado" in html and "Entregado" in html and "Pendiente" in html
    found = browser.get(CHANGELIST, {"vencido": "1"}).context["cl"].result_list
    assert [order.number for order in found] == [late.number]
    found = browser.get(CHANGELIST, {"q": "oscar tardio"}).context["cl"].result_list
    assert [order.number for order in found] == [late.number]
    found = browser.get(CHANGELIST, {"status__exact": "ENTREGADO"}).context["cl"].result_list
    assert len(found) == 1


def test_the_list_runs_a_fixed_number_of_queries(
    admin_client_for, tenant_a, admin_a, order_in, django_assert_max_num_queries
):
    browser = admin_client_for(tenant_a, admin_a)
    order_in(tenant_a, lines=1)
    browser.get(CHANGELIST)
    with django_assert_max_num_queries(40) as few:
        browser.get(CHANGELIST)
    for _ in range(20):
        order_in(tenant_a, lines=3, payments=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert browser.get(CHANGELIST).status_code == 200


def test_status_actions_move_orders_and_delivery_with_a_balance_is_refused(
    admin_client_for, tenant_a, admin_a, order_in
):
    order = order_in(tenant_a, lines=1)
    with schema_context(tenant_a.schema_name):
        from modules.orders.services import order_totals_recompute

        order_totals_recompute(order=order)
    browser = admin_client_for(tenant_a, admin_a)

    def act(action):
        return browser.post(CHANGELIST, {"action": action, "_selected_action": [str(order.pk)]}, follow=True)

    act("start_work")
    act("mark_ready")
    response = act("deliver")
    assert "saldo pendiente" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Order.objects.get(pk=order.pk).status == OrderStatus.READY
    response = act("start_work")
    assert "no puede pasar" in response.content.decode()
    act("cancel")
    with schema_context(tenant_a.schema_name):
        assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


def test_a_delivered_order_shows_its_lines_read_only(admin_client_for, tenant_a, admin_a, order_in):
    order = order_in(tenant_a, lines=2, status=OrderStatus.DELIVERED)
    response = admin_client_for(tenant_a, admin_a).get(change_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="lines-0-description"' not in html and "Descargar PDF" in html


def test_the_pdf_is_downloaded_from_the_admin(admin_client_for, tenant_a, admin_a, make_user, order_in):
    order = order_in(tenant_a, lines=2, payments=1)
    response = admin_client_for(tenant_a, admin_a).get(f"{CHANGELIST}{order.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    stranger = admin_client_for(tenant_a, make_user(tenant_a))
    assert stranger.get(f"{CHANGELIST}{order.pk}/pdf/").status_code in (302, 403)


def test_service_types_are_a_list_the_business_extends(admin_client_for, tenant_a, admin_a):
    with schema_context(tenant_a.schema_name):
        assert set(ServiceType.objects.values_list("code", flat=True)) >= {
            "sesion_fotos",
            "impresion",
            "enmarcado",
            "recordatorio",
            "diseno",
            "restauracion",
        }
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(
        "/admin/orders/servicetype/add/", {"name": "Video", "code": "video", "position": "70", "is_active": "on"}
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert ServiceType.objects.filter(code="video").exists()


def test_a_manager_delivers_with_a_balance_from_the_admin_giving_a_reason(
    admin_client_for, tenant_a, manager_a, sales_a, order_in
):
    order = order_in(tenant_a, lines=1, status=OrderStatus.READY)
    with schema_context(tenant_a.schema_name):
        from modules.orders.services import order_totals_recompute

        order_totals_recompute(order=order)
    manager = admin_client_for(tenant_a, manager_a)
    chosen = {"action": "deliver_with_balance", "_selected_action": [str(order.pk)]}
    page = manager.post(CHANGELIST, chosen)
    assert page.status_code == 200 and 'data-testid="deliver-with-balance"' in page.content.decode()
    assert order.number in page.content.decode()
    empty = manager.post(CHANGELIST, {**chosen, "apply": "1", "reason": ""})
    assert empty.status_code == 200  # the page again, asking for the reason
    with schema_context(tenant_a.schema_name):
        assert Order.objects.get(pk=order.pk).status == OrderStatus.READY
    done = manager.post(CHANGELIST, {**chosen, "apply": "1", "reason": "Cliente frecuente, paga el lunes"})
    assert done.status_code == 302
    with schema_context(tenant_a.schema_name):
        delivered = Order.objects.get(pk=order.pk)
        assert (delivered.status, delivered.delivered_with_balance, delivered.status_reason) == (
            OrderStatus.DELIVERED,
            True,
            "Cliente frecuente, paga el lunes",
        )
    sales_page = admin_client_for(tenant_a, sales_a).get(CHANGELIST).content.decode()
    assert "deliver_with_balance" not in sales_page  # only Gerente and Administrador see the action
