"""Contracts in the admin: the list (badges, filters, search), the form with its price list, delete and export."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.audit.models import ActivityLog
from modules.contracts.models import Contract, ContractPackage, ContractStatus

CHANGELIST = "/admin/contracts/contract/"


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(school, **changes) -> dict:
    today = timezone.localdate()
    return {
        "school": str(school.pk),
        "title": "Fotografía escolar",
        "academic_year": "2026-2027",
        "start_date": str(today),
        "end_date": str(today + timedelta(days=200)),
        "status": "VIGENTE",
        "commission_rate": "10",
        "expected_students": "100",
        "deposit": "50",
        "terms": "",
        **management("packages", 2),
        "packages-0-name": "Básico",
        "packages-0-contents": "2 fotos",
        "packages-0-unit_price": "12.00",
        "packages-1-name": "Completo",
        "packages-1-contents": "",
        "packages-1-unit_price": "20.00",
        **management("roster", 0),
        **changes,
    }


def test_the_list_shows_the_current_status_as_badges(admin_client_for, home, administrator, contract_in):
    yesterday = timezone.localdate() - timedelta(days=1)
    contract_in(home, title="En vigor")
    contract_in(home, title="Ya vencido", start_date=yesterday - timedelta(days=5), end_date=yesterday)
    browser = admin_client_for(home, administrator)
    page = browser.get(CHANGELIST).content.decode()
    assert "En vigor" in page and "Ya vencido" in page
    assert "Vencido" in page and "Vigente" in page
    expired = browser.get(CHANGELIST, {"estado": ContractStatus.EXPIRED}).content.decode()
    assert "Ya vencido" in expired and "En vigor" not in expired
    contract_in(home, title="Por terminar", end_date=timezone.localdate() + timedelta(days=5))
    expiring = browser.get(CHANGELIST, {"estado": "por_vencer"}).content.decode()
    assert "Por terminar" in expiring and "En vigor" not in expiring and "Ya vencido" not in expiring
    found = browser.get(CHANGELIST, {"q": "vigor"}).content.decode()
    assert "En vigor" in found and "Ya vencido" not in found


def test_the_list_runs_a_fixed_number_of_queries(
    admin_client_for, home, administrator, contract_in, django_assert_max_num_queries
):
    browser = admin_client_for(home, administrator)
    browser.get(CHANGELIST)
    for _ in range(20):
        contract_in(home)
    with django_assert_max_num_queries(14):
        assert browser.get(CHANGELIST).status_code == 200


def test_adding_a_contract_with_its_price_list(admin_client_for, home, administrator, school_in):
    school = school_in(home)
    response = admin_client_for(home, administrator).post(f"{CHANGELIST}add/", form_data(school))
    assert response.status_code == 302, response.context["adminform"].form.errors
    with schema_context(home.schema_name):
        contract = Contract.objects.get()
        assert contract.number.startswith("CON-")
        assert contract.created_by_id == administrator.pk
        assert sorted(contract.packages.values_list("name", flat=True)) == ["Básico", "Completo"]


def test_a_refused_price_list_saves_nothing_and_shows_why(admin_client_for, home, administrator, school_in):
    school = school_in(home)
    data = form_data(school, **{"packages-1-name": "básico"})
    response = admin_client_for(home, administrator).post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "ya está en la lista" in response.content.decode()
    with schema_context(home.schema_name):
        assert not Contract.objects.exists()


def test_a_private_client_is_refused_on_the_form(admin_client_for, home, administrator, private_client_in):
    person = private_client_in(home)
    response = admin_client_for(home, administrator).post(f"{CHANGELIST}add/", form_data(person))
    assert response.status_code == 200
    assert "school" in response.context["adminform"].form.errors


def test_changing_the_price_list_in_the_inline(admin_client_for, home, administrator, contract_in, package_in):
    contract = contract_in(home)
    kept = package_in(home, contract=contract, name="Básico", unit_price="10.00")
    removed = package_in(home, contract=contract, name="Quitar")
    data = form_data(
        contract.school,
        title=contract.title,
        **management("packages", 3, initial=2),
        **{
            "packages-0-id": str(kept.pk),
            "packages-0-contract": str(contract.pk),
            "packages-0-name": "Básico",
            "packages-0-unit_price": "11.00",
            "packages-1-id": str(removed.pk),
            "packages-1-contract": str(contract.pk),
            "packages-1-name": "Quitar",
            "packages-1-unit_price": "12.00",
            "packages-1-DELETE": "on",
            "packages-2-name": "Nuevo",
            "packages-2-contents": "",
            "packages-2-unit_price": "3.00",
        },
    )
    response = admin_client_for(home, administrator).post(f"{CHANGELIST}{contract.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    with schema_context(home.schema_name):
        prices = dict(ContractPackage.objects.filter(contract=contract).values_list("name", "unit_price"))
    assert {name: str(price) for name, price in prices.items()} == {"Básico": "11.00", "Nuevo": "3.00"}


def test_the_change_page_shows_the_documents_panel_and_the_import_button(
    admin_client_for, home, administrator, contract_in, student_in
):
    contract = contract_in(home)
    student_in(home, contract=contract, student_name="Pérez Ana")
    page = admin_client_for(home, administrator).get(f"{CHANGELIST}{contract.pk}/change/").content.decode()
    assert "Documentos y fotos" in page
    assert "roster-import" in page
    assert "Pérez Ana" in page


def test_deleting_a_contract_with_documents_shows_why_not(admin_client_for, home, administrator, contract_in):
    from fotostudio.core.links import LinkRef
    from fotostudio.documents.services import document_create
    from fotostudio.documents.tests.conftest import upload
    from fotostudio.documents.tests.samples import PDF

    contract = contract_in(home)
    with schema_context(home.schema_name):
        document_create(
            data={"document_type": "OTRO", "name": "Firmado"},
            upload=upload(PDF),
            link=LinkRef("contrato", contract.pk),
            acting_user=administrator,
        )
    browser = admin_client_for(home, administrator)
    response = browser.post(f"{CHANGELIST}{contract.pk}/delete/", {"post": "yes"}, follow=True)
    assert "No se puede eliminar" in response.content.decode() or "documento" in response.content.decode()
    with schema_context(home.schema_name):
        assert Contract.objects.filter(pk=contract.pk).exists()


def test_the_admin_exports_an_xlsx_and_records_it(admin_client_for, home, administrator, contract_in):
    contract_in(home, title="Exportado")
    response = admin_client_for(home, administrator).post(f"{CHANGELIST}export/", {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="contratos-')
    with schema_context(home.schema_name):
        log = ActivityLog.objects.get()
    assert (log.user_id, log.row_count) == (administrator.pk, 1)


def test_contracts_have_no_file_import_of_their_own(admin_client_for, home, administrator):
    assert admin_client_for(home, administrator).get(f"{CHANGELIST}import/").status_code == 403


def test_a_student_is_removed_from_the_roster_with_the_rows_delete_box(
    admin_client_for, home, administrator, contract_in, student_in
):
    contract = contract_in(home)
    leaving = student_in(home, contract=contract, student_name="Se va")
    staying = student_in(home, contract=contract, student_name="Se queda")
    data = form_data(
        contract.school,
        title=contract.title,
        **management("packages", 0),
        **management("roster", 2, initial=2),
        **{
            "roster-0-id": str(leaving.pk),
            "roster-0-contract": str(contract.pk),
            "roster-0-DELETE": "on",
            "roster-1-id": str(staying.pk),
            "roster-1-contract": str(contract.pk),
        },
    )
    for key in [key for key in data if key.startswith("packages-0") or key.startswith("packages-1")]:
        del data[key]
    response = admin_client_for(home, administrator).post(f"{CHANGELIST}{contract.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    with schema_context(home.schema_name):
        assert list(contract.roster.values_list("student_name", flat=True)) == ["Se queda"]
