"""Orders for the roster («crear pedidos del listado»), the school's commission and what orders protect."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.configuration import catalogue
from fotostudio.configuration.models import NumberSequence
from fotostudio.configuration.services import settings_update
from fotostudio.core.errors import ApplicationError
from fotostudio.jobs.models import Job, JobStatus
from fotostudio.users.roles import Role
from modules.contracts import services
from modules.contracts.models import Contract, ContractOrder, ContractStatus
from modules.contracts.services import contract_orders_create, contract_orders_start
from modules.contracts.tests.factories import ContractOrderFactory
from modules.orders.models import Order, OrderStatus
from modules.orders.services import order_transition, payment_register

LIST = "/api/v1/contracts/"


@pytest.fixture
def roster(home, contract_in, package_in, student_in):
    """A contract in force with two packages and three students."""
    contract = contract_in(home, commission_rate=Decimal("10.00"))
    basic = package_in(home, contract=contract, name="Básico", contents="2 fotos", unit_price=Decimal("10.00"))
    package_in(home, contract=contract, name="Completo", unit_price=Decimal("25.00"))
    students = [student_in(home, contract=contract, student_name=f"Estudiante {n}") for n in range(3)]
    return contract, basic, students


def test_one_order_per_student_with_the_packages_price(home, administrator, roster):
    contract, basic, students = roster
    with schema_context(home.schema_name):
        settings_update(values={catalogue.IVA_RATE: "15.00"}, acting_user=administrator)
        links = contract_orders_create(contract=contract, package_id=basic.pk, acting_user=administrator)
        assert len(links) == 3
        orders = Order.objects.filter(contract_link__contract=contract).prefetch_related("lines")
        assert {order.contract_link.student_id for order in orders} == {student.pk for student in students}
        for order in orders:
            (line,) = order.lines.all()
            assert (order.client_id, line.unit_price, line.quantity) == (contract.school_id, Decimal("10.00"), 1)
            assert (order.subtotal, order.tax_total, order.total) == (
                Decimal("10.00"),
                Decimal("1.50"),
                Decimal("11.50"),
            )
            assert order.number.startswith("PED-")
            assert order.service_type.code == "sesion_fotos"
            assert contract.number in order.notes and "Básico" in line.description
            assert order.created_by_id == administrator.pk


def test_a_second_run_orders_only_the_students_added_since(home, administrator, roster, student_in):
    contract, basic, _students = roster
    with schema_context(home.schema_name):
        contract_orders_create(contract=contract, package_id=basic.pk)
    student_in(home, contract=contract, student_name="Recién llegado")
    with schema_context(home.schema_name):
        (link,) = contract_orders_create(contract=contract, package_id=basic.pk)
        assert link.student.student_name == "Recién llegado"
        with pytest.raises(ApplicationError) as refused:
            contract_orders_create(contract=contract, package_id=basic.pk)
    assert refused.value.code == "contract_roster_without_pending_students"


def test_a_failure_on_any_student_creates_no_order_and_uses_no_number(home, roster, monkeypatch):
    contract, basic, _students = roster
    real = services.order_create
    calls = []

    def failing_on_the_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ApplicationError("Fallo simulado", code="boom")
        return real(**kwargs)

    monkeypatch.setattr(services, "order_create", failing_on_the_third)
    with schema_context(home.schema_name):
        sequence = NumberSequence.objects.filter(kind="pedido").first()
        next_before = sequence.next_number if sequence else 1
        with pytest.raises(ApplicationError):
            contract_orders_create(contract=contract, package_id=basic.pk)
        assert not Order.objects.exists() and not ContractOrder.objects.exists()
        monkeypatch.setattr(services, "order_create", real)
        contract_orders_create(contract=contract, package_id=basic.pk)
        # The failed run gave its numbers back: the three orders are consecutive, the first one the next free.
        serials = sorted(int(number.rsplit("-", 1)[1]) for number in Order.objects.values_list("number", flat=True))
    assert serials == [next_before, next_before + 1, next_before + 2]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": ContractStatus.DRAFT}, "contract_not_in_force"),
        ({"status": ContractStatus.CANCELLED}, "contract_not_in_force"),
        ({"end_date": timezone.localdate() - timedelta(days=1)}, "contract_not_in_force"),
    ],
)
def test_only_a_contract_in_force_gets_orders(home, roster, changes, code):
    contract, basic, _students = roster
    with schema_context(home.schema_name):
        if "end_date" in changes:
            changes["start_date"] = changes["end_date"] - timedelta(days=10)
        Contract.objects.filter(pk=contract.pk).update(**changes)
        contract.refresh_from_db()
        with pytest.raises(ApplicationError) as refused:
            contract_orders_create(contract=contract, package_id=basic.pk)
        assert not Order.objects.exists()
    assert refused.value.code == code


def test_the_package_must_be_the_contracts_own(home, roster, package_in):
    contract, _basic, _students = roster
    foreign = package_in(home)
    with schema_context(home.schema_name), pytest.raises(ApplicationError) as refused:
        contract_orders_create(contract=contract, package_id=foreign.pk)
    assert refused.value.code == "contract_package_unknown"


def test_the_job_creates_the_orders_and_reports_them(home, administrator, roster, run_jobs):
    contract, basic, _students = roster
    with schema_context(home.schema_name):
        job = contract_orders_start(contract=contract, package_id=basic.pk, acting_user=administrator)
        assert job.status == JobStatus.QUEUED and "3 pedidos" in job.title
        run_jobs()
        job = Job.objects.get(pk=job.pk)
        assert job.status == JobStatus.SUCCEEDED, job.error
        assert (job.done, job.total, job.result) == (3, 3, {"pedidos": 3, "contrato": contract.number})
        assert ContractOrder.objects.filter(contract=contract).count() == 3


def test_starting_refuses_at_once_what_the_job_would_refuse(home, administrator, contract_in, package_in):
    contract = contract_in(home)
    package = package_in(home, contract=contract)
    with schema_context(home.schema_name), pytest.raises(ApplicationError) as refused:
        contract_orders_start(contract=contract, package_id=package.pk, acting_user=administrator)
        assert not Job.objects.exists()
    assert refused.value.code == "contract_roster_without_pending_students"


# --- Commission, protection -------------------------------------------------------------------------------


def test_the_commission_counts_only_delivered_and_paid_orders(api_client, home, administrator, roster):
    contract, basic, _students = roster
    with schema_context(home.schema_name):
        links = contract_orders_create(contract=contract, package_id=basic.pk, acting_user=administrator)
        paid_delivered, delivered_with_balance, unpaid = (link.order for link in links)
        for order in (paid_delivered, delivered_with_balance):
            for status in (OrderStatus.IN_PROGRESS, OrderStatus.READY):
                order = order_transition(order=order, status=status, acting_user=administrator)
        payment_register(
            order=paid_delivered, data={"amount": paid_delivered.total, "method": "efectivo"}, acting_user=administrator
        )
        order_transition(
            order=Order.objects.get(pk=paid_delivered.pk), status=OrderStatus.DELIVERED, acting_user=administrator
        )
        order_transition(
            order=Order.objects.get(pk=delivered_with_balance.pk),
            status=OrderStatus.DELIVERED,
            override=True,
            reason="Lo paga el colegio",
            acting_user=administrator,
        )
    body = api_client(home, administrator).get(f"{LIST}{contract.pk}/").json()
    # 10 % of one order's 10.00 before IVA: the one delivered with a balance and the open one do not count yet.
    assert (body["pedidos"], body["comision_adeudada"]) == (3, "1.00")
    assert unpaid.status == OrderStatus.PENDING


def test_a_contract_with_orders_cannot_be_deleted(api_client, home, administrator, contract_in):
    contract = contract_in(home)
    with schema_context(home.schema_name):
        ContractOrderFactory(contract=contract)
    response = api_client(home, administrator).delete(f"{LIST}{contract.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "contract_in_use"
    assert "1 pedido" in response.json()["detail"]


def test_a_student_or_package_with_orders_stays(api_client, home, administrator, roster):
    contract, basic, students = roster
    with schema_context(home.schema_name):
        contract_orders_create(contract=contract, package_id=basic.pk)
    api = api_client(home, administrator)
    response = api.patch(
        f"{LIST}{contract.pk}/", {"paquetes": [{"nombre": "Completo", "precio_unitario": "1"}]}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "contract_in_use"
    with schema_context(home.schema_name), pytest.raises(ApplicationError) as refused:
        services.roster_student_delete(student=students[0])
    assert refused.value.code == "contract_in_use"


# --- The admin page ---------------------------------------------------------------------------------------


def page(contract) -> str:
    return f"/admin/contracts/contract/{contract.pk}/create-orders/"


def test_the_admin_page_starts_the_job_and_shows_it(admin_client_for, home, administrator, roster):
    contract, basic, _students = roster
    browser = admin_client_for(home, administrator)
    shown = browser.get(page(contract))
    assert shown.status_code == 200 and "Se crearán 3 pedidos" in shown.content.decode()
    with schema_context(home.schema_name):
        from modules.orders.models import ServiceType

        service = ServiceType.objects.get(code="sesion_fotos")
    response = browser.post(page(contract), {"package": str(basic.pk), "service_type": str(service.pk)})
    assert response.status_code == 302
    with schema_context(home.schema_name):
        job = Job.objects.get()
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"


def test_the_admin_page_shows_a_refusal_on_the_form(admin_client_for, home, administrator, contract_in, package_in):
    contract = contract_in(home)
    package = package_in(home, contract=contract)
    with schema_context(home.schema_name):
        from modules.orders.models import ServiceType

        service = ServiceType.objects.get(code="sesion_fotos")
    response = admin_client_for(home, administrator).post(
        page(contract), {"package": str(package.pk), "service_type": str(service.pk)}
    )
    assert response.status_code == 400
    assert "ya tienen su pedido" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [(Role.SALES, 200), (Role.ACCOUNTING, 403), (Role.PRODUCTION, 403)])
def test_only_who_may_change_contracts_and_add_orders_creates_them(
    admin_client_for, home, make_user, roster, role, status
):
    contract, _basic, _students = roster
    assert admin_client_for(home, make_user(home, role)).get(page(contract)).status_code == status
