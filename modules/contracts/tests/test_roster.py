"""The roster: importing the school's list (CSV/XLSX) into a contract, all or nothing, through the service and
the admin's «Importar listado» page."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from fotostudio.core.bulk import ImportRejected
from fotostudio.spreadsheets.imports import COLUMNS_INVALID, parse_table
from fotostudio.spreadsheets.tabular import read_table
from fotostudio.users.roles import Role
from modules.contracts.models import ContractStatus, RosterStudent
from modules.contracts.resources import RosterResource
from modules.contracts.services import roster_import

HEADERS = ["Estudiante", "Grado", "Paralelo", "Representante", "Teléfono", "Correo electrónico"]
GOOD = [
    ["Andrade Pérez María José", "7.º EGB", "a", "Lucía Pérez", "099 123 4567", "LUCIA@example.com"],
    ["Cevallos Loor Juan", "3.º BGU", "B", "", "", ""],
    ["Zambrano Ruiz Ana", "7.º EGB", "A", "Marco Zambrano", "0987654321", "marco@example.com"],
]


def csv_bytes(rows, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(content: bytes, name: str = "listado.csv"):
    return parse_table(read_table(SimpleUploadedFile(name, content)), RosterResource)


def test_a_good_csv_adds_every_student_normalised(home, contract_in):
    contract = contract_in(home)
    with schema_context(home.schema_name):
        result = roster_import(contract=contract, rows=rows_of(csv_bytes(GOOD)))
        assert result.created == 3
        first = RosterStudent.objects.get(student_name="Andrade Pérez María José")
        assert (first.contract_id, first.section, first.phone, first.email) == (
            contract.pk,
            "A",
            "0991234567",
            "lucia@example.com",
        )


def test_an_xlsx_with_numeric_phones_keeps_the_leading_zero(home, contract_in):
    contract = contract_in(home)
    rows = [["Pérez Ana", "1.º BGU", "A", "Rosa", 991234567, "rosa@example.com"]]
    with schema_context(home.schema_name):
        roster_import(contract=contract, rows=rows_of(xlsx_bytes(rows), "listado.xlsx"))
        assert RosterStudent.objects.get().phone == "0991234567"


def test_one_bad_row_imports_nothing_and_every_error_has_its_line_and_column(home, contract_in):
    contract = contract_in(home)
    rows = [
        *GOOD,
        ["", "7.º EGB", "A", "", "", ""],  # line 5: no name
        ["Pérez Luis", "", "A", "", "", ""],  # line 6: no grade
        ["Pérez Marta", "7.º EGB", "A", "", "12", "no-es-correo"],  # line 7: phone and e-mail
        ["andrade pérez maría josé", "7.º egb", "A", "", "", ""],  # line 8: repeats line 2
    ]
    with schema_context(home.schema_name), pytest.raises(ImportRejected) as refused:
        roster_import(contract=contract, rows=rows_of(csv_bytes(rows)))
    errors = {(error.line, error.field) for error in refused.value.row_errors}
    assert errors == {
        (5, "student_name"),
        (6, "grade"),
        (7, "phone"),
        (7, "email"),
        (8, "student_name"),
    }
    assert refused.value.code == "contract_roster_import_invalid"
    with schema_context(home.schema_name):
        assert not RosterStudent.objects.exists()


def test_a_student_already_in_the_roster_is_an_error(home, contract_in, student_in):
    contract = contract_in(home)
    student_in(home, contract=contract, student_name="Cevallos Loor Juan", grade="3.º BGU", section="B")
    with schema_context(home.schema_name), pytest.raises(ImportRejected) as refused:
        roster_import(contract=contract, rows=rows_of(csv_bytes(GOOD)))
    assert [(error.line, error.field) for error in refused.value.row_errors] == [(3, "student_name")]


def test_the_same_student_on_another_contract_is_fine(home, contract_in, student_in):
    student_in(home, student_name="Cevallos Loor Juan", grade="3.º BGU", section="B")
    contract = contract_in(home)
    with schema_context(home.schema_name):
        assert roster_import(contract=contract, rows=rows_of(csv_bytes(GOOD))).created == 3


def test_missing_or_unknown_columns_refuse_the_file(home, contract_in):
    contract = contract_in(home)
    with pytest.raises(ImportRejected) as refused:
        rows_of(csv_bytes([["x", "y"]], headers=["Alumno", "Color"]))
    assert refused.value.code == COLUMNS_INVALID
    assert "grado" in str(refused.value.message)
    del contract


def test_a_cancelled_contract_takes_no_roster(home, contract_in):
    contract = contract_in(home, status=ContractStatus.CANCELLED)
    with schema_context(home.schema_name), pytest.raises(Exception) as refused:
        roster_import(contract=contract, rows=rows_of(csv_bytes(GOOD)))
    assert getattr(refused.value, "code", "") == "contract_cancelled"


def test_a_dry_run_checks_and_writes_nothing(home, contract_in):
    contract = contract_in(home)
    with schema_context(home.schema_name):
        assert roster_import(contract=contract, rows=rows_of(csv_bytes(GOOD)), dry_run=True).created == 3
        assert not RosterStudent.objects.exists()


def test_a_thousand_students_import_in_a_few_queries(home, contract_in, django_assert_max_num_queries):
    contract = contract_in(home)
    rows = [[f"Estudiante {n}", f"{n % 10 + 1}.º EGB", "AB"[n % 2], "", "", ""] for n in range(1000)]
    parsed = rows_of(csv_bytes(rows))
    with schema_context(home.schema_name):
        with django_assert_max_num_queries(12):
            assert roster_import(contract=contract, rows=parsed).created == 1000
        assert RosterStudent.objects.filter(contract=contract).count() == 1000


# --- The admin page ---------------------------------------------------------------------------------


def page(contract) -> str:
    return f"/admin/contracts/contract/{contract.pk}/roster-import/"


def test_the_admin_page_imports_and_goes_back_to_the_contract(admin_client_for, home, administrator, contract_in):
    contract = contract_in(home)
    browser = admin_client_for(home, administrator)
    shown = browser.get(page(contract))
    assert shown.status_code == 200
    assert "estudiante" in shown.content.decode()
    response = browser.post(page(contract), {"import_file": SimpleUploadedFile("listado.csv", csv_bytes(GOOD))})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/contracts/contract/{contract.pk}/change/"
    with schema_context(home.schema_name):
        assert RosterStudent.objects.filter(contract=contract).count() == 3
    change = browser.get(response["Location"]).content.decode()
    assert "Andrade Pérez María José" in change


def test_the_admin_page_lists_row_errors_by_the_files_columns(admin_client_for, home, administrator, contract_in):
    contract = contract_in(home)
    rows = [*GOOD, ["Pérez Marta", "7.º EGB", "A", "", "", "no-es-correo"]]
    response = admin_client_for(home, administrator).post(
        page(contract), {"import_file": SimpleUploadedFile("listado.csv", csv_bytes(rows))}
    )
    assert response.status_code == 400
    assert [(error["line"], error["column"]) for error in response.context["row_errors"]] == [(5, "email")]
    with schema_context(home.schema_name):
        assert not RosterStudent.objects.exists()


def test_the_template_downloads_with_the_roster_columns(admin_client_for, home, administrator):
    response = admin_client_for(home, administrator).get("/admin/contracts/contract/roster/template.csv")
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == ["estudiante", "grado", "paralelo", "representante", "telefono", "email"]


@pytest.mark.parametrize(("role", "status"), [(Role.SALES, 200), (Role.ACCOUNTING, 403), (Role.READ_ONLY, 403)])
def test_only_who_may_change_contracts_imports_rosters(admin_client_for, home, make_user, contract_in, role, status):
    contract = contract_in(home)
    assert admin_client_for(home, make_user(home, role)).get(page(contract)).status_code == status


def test_another_business_contract_has_no_import_page(admin_client_for, home, other, administrator, contract_in):
    theirs = contract_in(other)
    assert admin_client_for(home, administrator).get(page(theirs)).status_code == 404
