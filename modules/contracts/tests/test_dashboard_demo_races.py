"""The dashboard section, the demo data, the setting it reads, and simultaneous creations."""

from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import first_admin, host_of
from fotostudio.configuration import catalogue
from fotostudio.configuration.models import NumberSequence
from fotostudio.configuration.services import settings_update
from fotostudio.users.tokens import tokens_for_user
from modules.clients.demo import seed_demo_clients
from modules.clients.tests.factories import SchoolFactory
from modules.contracts.dashboard import contracts_section
from modules.contracts.demo import CONTRACTS, seed_demo_contracts
from modules.contracts.models import Contract, ContractStatus, RosterStudent
from modules.contracts.selectors import commission_owed, contract_dashboard_figures, contract_list


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_dashboard_counts_and_lists_the_contracts_expiring_soon_in_one_query(
    home, administrator, contract_in, django_assert_num_queries
):
    today = timezone.localdate()
    start = today - timedelta(days=100)
    soon = contract_in(home, start_date=start, end_date=today + timedelta(days=3), title="Pronto")
    contract_in(home, start_date=start, end_date=today + timedelta(days=20))
    contract_in(home, start_date=start, end_date=today + timedelta(days=200))
    contract_in(home, start_date=start, end_date=today - timedelta(days=2))
    contract_in(home, status=ContractStatus.DRAFT)
    with schema_context(home.schema_name):
        Contract.objects.exists()  # the schema is selected
        with django_assert_num_queries(1):
            figures = contract_dashboard_figures(days=30)
        assert (figures["active"], figures["expired"], figures["draft"], figures["expiring_count"]) == (3, 1, 1, 2)
        assert [(row["number"], row["days_left"]) for row in figures["expiring"]] == [
            (soon.number, 3),
            (
                figures["expiring"][1]["number"],
                20,
            ),
        ]
        section = contracts_section(request_for(administrator))
    cards = {card["key"]: card["value"] for card in section["cards"]}
    assert cards == {"contracts-active": 3, "contracts-expiring": 2, "contracts-expired": 1}
    assert section["tables"][0]["rows"][0][:2] == [soon.number, soon.school.name]
    assert section["alerts"][0]["text"] == f"El contrato {soon.number} con {soon.school.name} vence en 3 días."


def test_the_dashboard_horizon_is_the_alerts_setting(home, administrator, contract_in):
    today = timezone.localdate()
    contract_in(home, start_date=today, end_date=today + timedelta(days=20))
    with schema_context(home.schema_name):
        assert contracts_section(request_for(administrator))["cards"][1]["value"] == 1
        settings_update(values={catalogue.CONTRACT_EXPIRY_DAYS: 10}, acting_user=administrator)
        section = contracts_section(request_for(administrator))
    assert section["cards"][1]["value"] == 0
    assert "10" in section["cards"][1]["hint"]


def test_the_dashboard_section_is_hidden_from_users_who_cannot_see_contracts(home, make_user):
    with schema_context(home.schema_name):
        assert contracts_section(request_for(make_user(home))) is None


def test_the_dashboard_page_shows_the_contracts_section(admin_client_for, home, administrator, contract_in):
    contract_in(home)
    html = admin_client_for(home, administrator).get("/admin/").content.decode()
    assert 'data-section="contracts"' in html and 'data-kpi="contracts-expiring"' in html


def test_demo_seeder_adds_five_contracts_with_rosters_once(home):
    with schema_context(home.schema_name):
        seed_demo_clients(tenant=home, password="x")
        assert seed_demo_contracts(tenant=home, password="x") == len(CONTRACTS) == 5
        assert seed_demo_contracts(tenant=home, password="x") == 0  # idempotent
        assert Contract.objects.count() == 5
        assert RosterStudent.objects.count() == sum(row[-1] for row in CONTRACTS if row[3] != ContractStatus.CANCELLED)
        assert all(contract.packages.count() == 3 for contract in Contract.objects.all())
        assert len({contract.number for contract in Contract.objects.all()}) == 5
        first = contract_list().get(title=CONTRACTS[0][0])
        assert first.orders_count == CONTRACTS[0][-1]  # every student of the first roster ordered
        assert commission_owed(first) > 0  # a third of them delivered and paid


def test_twenty_simultaneous_contracts_get_twenty_consecutive_numbers(concurrently, tenant_a):
    admin = first_admin(tenant_a)
    with schema_context(tenant_a.schema_name):
        token = tokens_for_user(admin)["access"]
    school = concurrently.once(lambda: SchoolFactory(), tenant=tenant_a)

    def clean():
        Contract.objects.filter(school_id=school.pk).delete()
        school.delete()

    concurrently.cleanup(tenant_a, clean)
    # The counter goes back to where the session had it: other tests may count their numbers from 1.
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="contrato").delete())
    today = timezone.localdate()

    def create(index: int):
        api = APIClient(HTTP_HOST=host_of(tenant_a))
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        body = {
            "colegio": str(school.pk),
            "titulo": f"Intento {index}",
            "anio_lectivo": "2026-2027",
            "fecha_inicio": str(today),
            "fecha_fin": str(today + timedelta(days=100)),
        }
        return api.post("/api/v1/contracts/", body, format="json")

    responses = concurrently.run(20, create, tenant=tenant_a)
    assert sorted(getattr(response, "status_code", repr(response)) for response in responses) == [201] * 20
    serials = sorted(int(response.json()["numero"].rsplit("-", 1)[1]) for response in responses)
    assert serials == list(range(serials[0], serials[0] + 20))


def test_two_simultaneous_order_runs_never_order_a_student_twice(concurrently, tenant_a):
    from fotostudio.core.errors import ApplicationError
    from modules.contracts.models import ContractOrder
    from modules.contracts.services import contract_orders_create
    from modules.contracts.tests.factories import ContractFactory, ContractPackageFactory, RosterStudentFactory
    from modules.orders.models import Order

    def prepare():
        contract = ContractFactory()
        package = ContractPackageFactory(contract=contract)
        for number in range(5):
            RosterStudentFactory(contract=contract, student_name=f"Carrera {number}")
        return contract, package

    contract, package = concurrently.once(prepare, tenant=tenant_a)

    def clean():
        orders = list(ContractOrder.objects.filter(contract_id=contract.pk).values_list("order_id", flat=True))
        ContractOrder.objects.filter(contract_id=contract.pk).delete()
        Order.objects.filter(pk__in=orders).delete()
        Contract.objects.filter(pk=contract.pk).delete()
        contract.school.delete()

    concurrently.cleanup(tenant_a, clean)
    concurrently.cleanup(tenant_a, lambda: NumberSequence.objects.filter(kind="pedido").delete())

    def run(index: int):
        try:
            return len(contract_orders_create(contract=contract, package_id=package.pk))
        except ApplicationError as exc:
            return exc.code

    results = concurrently.run(2, run, tenant=tenant_a)
    assert sorted(results, key=str) == [5, "contract_roster_without_pending_students"]
    links = concurrently.once(lambda: ContractOrder.objects.filter(contract_id=contract.pk).count(), tenant=tenant_a)
    assert links == 5
