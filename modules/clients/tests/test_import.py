"""Importing clients from CSV and XLSX: the clients fixtures, the service and the admin page."""

import csv
import io
import os
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from fotostudio.core.bulk import ImportRejected
from fotostudio.spreadsheets.imports import column_of, parse_table
from fotostudio.spreadsheets.tabular import Table, read_table
from modules.clients.models import Client, ClientType, SchoolLevel
from modules.clients.resources import ClientResource
from modules.clients.services import clients_import
from modules.clients.tests.factories import ClientFactory, valid_cedula, valid_company_ruc
from tests.spreadsheet_files import blank_rows_xlsx, huge_shared_strings_xlsx

FIXTURES = Path(__file__).parent / "fixtures"
IMPORT = "/admin/clients/client/import/"
HEADERS = ["tipo", "tipo_documento", "documento", "nombre", "email", "telefono", "ciudad"]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def fixture(name: str) -> SimpleUploadedFile:
    return upload(name, (FIXTURES / name).read_bytes())


def csv_bytes(rows, headers=HEADERS, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def private_rows(count: int, start: int = 1000) -> list[list[str]]:
    return [
        [
            "particular",
            "cedula",
            valid_cedula(start + n),
            f"Cliente Importado {n}",
            f"c{n}@example.com",
            "0991234567",
            "Quito",
        ]
        for n in range(count)
    ]


def import_table(table: Table, **kwargs):
    """What the admin's import page does: parse the file with the clients' columns, then run the service."""
    return clients_import(rows=parse_table(table, ClientResource), **kwargs)


def column(row_error) -> str:
    return column_of(ClientResource, row_error.field)


def errors_by_line(error: ImportRejected) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row_error in error.row_errors:
        found.setdefault(row_error.line, []).append(f"{column(row_error)}: {row_error.message}")
    return found


@pytest.fixture
def in_a(tenant_a):
    with schema_context(tenant_a.schema_name):
        yield tenant_a


# --- Reading files (the reader itself is tested in tests/test_tabular.py) ------------------------


def test_reads_the_xlsx_made_by_libreoffice():
    table = read_table(fixture("clientes_libreoffice.xlsx"))
    assert table.format == "xlsx"
    assert table.headers[:3] == ["tipo", "tipo_documento", "documento"]
    assert len(table.rows) == 4
    assert isinstance(table.rows[0][1][2], int)  # Calc stored the cédula as a number


# --- The import service ----------------------------------------------------------------------


def test_imports_the_utf8_fixture_with_accents_labels_and_school_data(in_a, admin_a):
    result = import_table(read_table(fixture("clientes_validos.csv")), acting_user=admin_a)
    assert (result.created, result.dry_run) == (6, False)
    inigo = Client.objects.get(name="Íñigo Muñoz Cárdenas")
    assert (inigo.phone, inigo.city, inigo.notes) == ("0991234567", "Cuenca", "Cliente de bodas; pide álbum «premium».")
    assert inigo.created_by == admin_a
    maria = Client.objects.get(name="María José Quiñónez")
    assert (maria.document_type, maria.email, maria.city) == ("cedula", "mj.quinonez@example.com", "Guayaquil")
    assert Client.objects.get(name="Andrés Núñez").is_active is False
    assert Client.objects.get(name="Zoë Müller").document == "AB123456"
    school = Client.objects.get(name="Unidad Educativa Sagrado Corazón")
    assert school.client_type == ClientType.SCHOOL
    assert school.levels == [SchoolLevel.INITIAL, SchoolLevel.PREPARATORY, SchoolLevel.ELEMENTARY, SchoolLevel.MIDDLE]
    assert (school.student_count, school.school_year_start_month, school.contact_name) == (1250, 9, "Sor Teresa Ávila")
    other = Client.objects.get(name="Colegio Americano de Guayaquil")
    assert (other.document_type, other.school_year_start_month) == ("ruc", 5)


def test_imports_the_libreoffice_xlsx_restoring_lost_leading_zeros(in_a):
    assert import_table(read_table(fixture("clientes_libreoffice.xlsx"))).created == 4
    rocio = Client.objects.get(name="Rocío Peña")
    assert (rocio.document, rocio.phone) == (valid_cedula(4, 1), "0991234567")
    assert Client.objects.get(name="Ángel Gómez").phone == "022456789"
    school = Client.objects.get(name="Escuela Fiscal Federico Proaño")
    assert (school.document, school.student_count, school.school_year_start_month) == (valid_company_ruc(3, 1), 320, 9)


def test_a_file_with_bad_rows_changes_nothing_and_says_where_and_why(in_a):
    with pytest.raises(ImportRejected) as caught:
        import_table(read_table(fixture("clientes_con_errores.csv")))
    error = caught.value
    assert error.code == "client_import_invalid"
    assert "7 filas tienen errores" in str(error.message)
    lines = errors_by_line(error)
    assert set(lines) == {3, 4, 5, 6, 7, 8, 9}  # line 2 is good
    assert any(text.startswith("email:") for text in lines[3])
    assert any("dígito verificador" in text for text in lines[4])
    assert any("ya aparece en la fila 2" in text for text in lines[5])
    assert any(text.startswith("niveles:") and "universidad" in text for text in lines[6])
    assert any(text.startswith("numero_estudiantes:") for text in lines[6])
    assert any(text.startswith("tipo:") and "empresa" in text for text in lines[7])
    assert any(text.startswith("nombre:") for text in lines[8])
    assert any(text.startswith("telefono:") for text in lines[9])
    assert not Client.objects.exists()


def test_the_errors_keep_the_value_that_was_refused(in_a):
    with pytest.raises(ImportRejected) as caught:
        import_table(read_table(fixture("clientes_con_errores.csv")))
    email_error = next(e for e in caught.value.row_errors if column(e) == "email")
    assert (email_error.line, email_error.value) == (3, "maria@@example")


def test_a_document_already_registered_is_an_error_naming_the_client(in_a):
    ClientFactory(document=valid_cedula(1001), name="Ya Registrada")
    with pytest.raises(ImportRejected) as caught:
        import_table(read_table(upload("c.csv", csv_bytes(private_rows(3)))))
    [row_error] = caught.value.row_errors
    assert row_error.line == 3
    assert "Ya Registrada" in row_error.message
    assert Client.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["nombre", "email"], "Faltan columnas obligatorias: documento"),
        (["name", "document", "mail"], "Columnas no reconocidas: name, document, mail"),
        (["nombre", "documento", "Nombre"], "Columnas repetidas: Nombre"),
    ],
)
def test_wrong_columns_are_refused_before_any_row(in_a, headers, message):
    table = Table(headers=headers, rows=[(2, ["Ana", valid_cedula(1), "x"])])
    with pytest.raises(ImportRejected) as caught:
        import_table(table)
    assert message in str(caught.value.message)
    assert caught.value.row_errors[0].line == 1


def test_header_spelling_variants_are_understood(in_a):
    headers = ["Nombre Completo", "Cédula", "Correo Electrónico", "Celular", "Tipo de Cliente", "id", "creado_en"]
    table = Table(
        headers=headers, rows=[(2, ["Ana Pérez", valid_cedula(1), "ana@example.com", "0991234567", "", "x", "y"])]
    )
    assert import_table(table).created == 1
    assert Client.objects.get().email == "ana@example.com"


def test_a_file_with_headers_only_is_refused(in_a):
    with pytest.raises(ImportRejected) as caught:
        import_table(read_table(upload("c.csv", csv_bytes([]))))
    assert "no tiene filas" in str(caught.value.message)


def test_dry_run_checks_everything_and_writes_nothing(in_a):
    result = import_table(read_table(upload("c.csv", csv_bytes(private_rows(5)))), dry_run=True)
    assert (result.created, result.dry_run) == (5, True)
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("sí", True), ("SI", True), ("x", True), ("1", True), ("no", False), ("Inactivo", False), ("", True)],
)
def test_yes_no_cells(in_a, cell, expected):
    table = Table(headers=["nombre", "documento", "es_activo"], rows=[(2, ["Ana", valid_cedula(1), cell])])
    import_table(table)
    assert Client.objects.get().is_active is expected


def test_an_unreadable_yes_no_cell_is_a_row_error(in_a):
    table = Table(headers=["nombre", "documento", "es_activo"], rows=[(2, ["Ana", valid_cedula(1), "quizás"])])
    with pytest.raises(ImportRejected) as caught:
        import_table(table)
    assert column(caught.value.row_errors[0]) == "es_activo"


def test_a_good_file_of_5000_rows_imports_whole(in_a, admin_a):
    """Its speed is measured by tests/benchmarks/bench_clients_import.py, not asserted here."""
    result = import_table(read_table(upload("grande.csv", csv_bytes(private_rows(5000)))), acting_user=admin_a)
    assert result.created == 5000
    assert Client.objects.count() == 5000
    assert Client.objects.filter(created_by=admin_a).count() == 5000


def test_an_export_imports_back_into_another_business(tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        ClientFactory(name="Ana Pérez", notes="=1+1")
        from modules.clients.tests.factories import SchoolFactory

        SchoolFactory(name="Colegio Exportado")
        dataset = ClientResource().export(Client.objects.all())
        content = dataset.export("csv").encode()
    with schema_context(tenant_b.schema_name):
        assert import_table(read_table(upload("export.csv", content))).created == 2
        school = Client.objects.get(name="Colegio Exportado")
        assert school.levels == [SchoolLevel.MIDDLE, SchoolLevel.HIGH_SCHOOL]
        assert school.school_year_start_month == 9


# --- The admin page --------------------------------------------------------------------------------


def test_import_page_lists_the_columns_and_the_template(admin_client_for, tenant_a, sales_a):
    response = admin_client_for(tenant_a, sales_a).get(IMPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for column in ("documento", "nombre", "niveles", "mes_inicio_anio_lectivo"):
        assert f"<code>{column}</code>" in html
    assert "import/template.csv" in html and "import/template.xlsx" in html


def test_import_a_good_file_from_the_admin(admin_client_for, tenant_a, sales_a):
    browser = admin_client_for(tenant_a, sales_a)
    response = browser.post(IMPORT, {"import_file": fixture("clientes_validos.csv")}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/clients/client/"
    assert "Se importaron 6 clientes." in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert Client.objects.filter(created_by=sales_a).count() == 6


def test_import_an_xlsx_from_the_admin(admin_client_for, tenant_a, sales_a):
    response = admin_client_for(tenant_a, sales_a).post(IMPORT, {"import_file": fixture("clientes_libreoffice.xlsx")})
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert Client.objects.count() == 4


def test_import_errors_are_shown_row_by_row_and_nothing_is_saved(admin_client_for, tenant_a, sales_a):
    response = admin_client_for(tenant_a, sales_a).post(IMPORT, {"import_file": fixture("clientes_con_errores.csv")})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No se importó nada" in html
    for line in (3, 4, 5, 6, 7, 8, 9):
        assert f'data-line="{line}"' in html
    assert "maria@@example" in html and "ya aparece en la fila 2" in html
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_import_check_only_reports_and_saves_nothing(admin_client_for, tenant_a, sales_a):
    response = admin_client_for(tenant_a, sales_a).post(
        IMPORT, {"import_file": fixture("clientes_validos.csv"), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert "6 filas listas para importar en clientes" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("basura.csv", 5 * 1024 * 1024 + 1, "máximo es 5,0 MB"),
        ("basura.csv", 5 * 1024 * 1024, "binario"),
        ("basura.xlsx", 1024, "XLSX válido"),
        ("foto.jpg", 3, "CSV o XLSX"),
    ],
)
def test_the_admin_refuses_big_or_wrong_files_with_a_message(admin_client_for, tenant_a, sales_a, name, size, message):
    junk = b"\x00" + os.urandom(size - 1)
    response = admin_client_for(tenant_a, sales_a).post(IMPORT, {"import_file": upload(name, junk)})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["import_file"])


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        (
            "vacias.xlsx",
            lambda: blank_rows_xlsx(rows=500_000, data=[["Ana Pérez", "1710034065"]]),
            "las filas vacías también cuentan",
        ),
        ("textos.xlsx", lambda: huge_shared_strings_xlsx(strings=3, length=5_000_000), "más de 32"),
    ],
)
def test_files_made_to_tie_up_the_server_are_refused_and_nothing_is_imported(
    admin_client_for, tenant_a, sales_a, name, build, message
):
    response = admin_client_for(tenant_a, sales_a).post(IMPORT, {"import_file": upload(name, build())})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["import_file"])
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()


def test_import_without_a_file_asks_for_one(admin_client_for, tenant_a, sales_a):
    response = admin_client_for(tenant_a, sales_a).post(IMPORT, {})
    assert response.status_code == 400
    assert "import_file" in response.context["form"].errors


def test_the_template_files_import_as_they_are(admin_client_for, tenant_a, sales_a):
    browser = admin_client_for(tenant_a, sales_a)
    as_csv = browser.get("/admin/clients/client/import/template.csv")
    as_xlsx = browser.get("/admin/clients/client/import/template.xlsx")
    assert as_csv.status_code == as_xlsx.status_code == 200
    assert as_csv.content.decode().splitlines()[0].startswith("\ufefftipo,tipo_documento,documento,nombre")
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet["C1"].value == "documento"
    with schema_context(tenant_a.schema_name):
        assert import_table(read_table(upload("plantilla.xlsx", as_xlsx.content)), dry_run=True).created == 2
    assert browser.get("/admin/clients/client/import/template.pdf").status_code == 404


def test_readers_cannot_import(admin_client_for, tenant_a, reader_a):
    browser = admin_client_for(tenant_a, reader_a)
    assert browser.post(IMPORT, {"import_file": fixture("clientes_validos.csv")}).status_code == 403
    assert browser.get("/admin/clients/client/import/template.csv").status_code == 403
    with schema_context(tenant_a.schema_name):
        assert not Client.objects.exists()
