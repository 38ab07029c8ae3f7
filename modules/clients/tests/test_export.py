"""Exporting clients from the admin: XLSX a person can use in Excel, CSV, the current filters, no live formulas."""

import csv
import datetime
import io
import re
import zoneinfo

import openpyxl
import pytest
from django_tenants.utils import schema_context

from fotostudio.audit.models import ActivityLog
from fotostudio.users.roles import Role

EXPORT = "/admin/clients/client/export/"
XLSX_FORMAT, CSV_FORMAT = "0", "1"


def export(browser, file_format=CSV_FORMAT, query: str = ""):
    return browser.post(f"{EXPORT}{query}", {"format": file_format, "resource": "0"})


def csv_rows(response) -> list[dict[str, str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads the accents
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict[str, openpyxl.cell.Cell]]:
    """Every data row as column name → cell (to check types as well as values)."""
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows())
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def today_in(tenant) -> datetime.date:
    return datetime.datetime.now(zoneinfo.ZoneInfo(tenant.timezone)).date()


def test_export_page_lists_the_columns_by_their_spanish_names_and_offers_xlsx_first(
    admin_client_for, tenant_a, admin_a, client_in
):
    client_in(tenant_a, city="Quito")
    client_in(tenant_a, city="Cuenca")
    response = admin_client_for(tenant_a, admin_a).get(EXPORT, {"ciudad": "Quito"})
    assert response.status_code == 200
    html = response.content.decode()
    for label, column in (("Tipo de documento", "tipo_documento"), ("Número de estudiantes", "numero_estudiantes")):
        assert re.search(rf"{label}</td>\s*<td[^>]*><code>{column}</code>", html), label
    assert "This exporter" not in html
    assert "Se exportará 1 fila de clientes" in html  # the list's filters apply
    options = re.findall(r"<option[^>]*>[^<]*</option>", html)
    assert "XLSX (Excel)" in options[0] and "selected" in options[0] and "CSV" in options[1]
    button = re.search(
        r"<button[^>]*type=\"submit\"[^>]*>\s*(.*?)\s*</button>", html.split('name="csrfmiddlewaretoken"')[-1], re.S
    )
    assert button.group(1).strip() == "Exportar"
    assert "Enviar" not in html


def test_xlsx_export_has_real_numbers_and_dates(admin_client_for, tenant_a, admin_a, school_in):
    first = school_in(tenant_a, name="Colegio Uno", student_count=850)
    school_in(tenant_a, name="Colegio Dos", student_count=1_234)
    school_in(tenant_a, name="Colegio Tres", student_count=None)
    response = export(admin_client_for(tenant_a, admin_a), XLSX_FORMAT)
    rows = {row["nombre"].value: row for row in xlsx_rows(response)}
    counts = [row["numero_estudiantes"] for row in rows.values()]
    assert sum(cell.value for cell in counts if cell.value is not None) == 2_084  # they sum
    assert {cell.data_type for cell in counts if cell.value is not None} == {"n"}
    assert rows["Colegio Tres"]["numero_estudiantes"].value is None  # a blank stays blank
    created = rows["Colegio Uno"]["creado_en"]
    assert created.is_date and isinstance(created.value, datetime.datetime)
    local = first.created_at.astimezone(zoneinfo.ZoneInfo(tenant_a.timezone))
    assert created.value == local.replace(tzinfo=None, microsecond=0)  # the business's time, as Excel shows it
    assert rows["Colegio Uno"]["documento"].data_type == "s"  # documents stay text: no lost zeros


def test_csv_export_keeps_readable_text(admin_client_for, tenant_a, admin_a, school_in):
    school = school_in(tenant_a, name="Colegio Ñandú", student_count=850)
    [row] = csv_rows(export(admin_client_for(tenant_a, admin_a)))
    assert (row["nombre"], row["numero_estudiantes"]) == ("Colegio Ñandú", "850")
    local = school.created_at.astimezone(zoneinfo.ZoneInfo(tenant_a.timezone))
    assert row["creado_en"] == local.strftime("%Y-%m-%d %H:%M")


def test_export_files_are_named_in_spanish_with_the_business_date(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    today = today_in(tenant_a).isoformat()
    for file_format, extension in ((XLSX_FORMAT, "xlsx"), (CSV_FORMAT, "csv")):
        response = export(browser, file_format)
        assert response["Content-Disposition"] == f'attachment; filename="clientes-{today}.{extension}"'


def test_a_cell_longer_than_excel_allows_is_cut_with_a_visible_marker(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a, name="Ana Larga", notes="a" * 40_000)
    browser = admin_client_for(tenant_a, admin_a)
    [row] = xlsx_rows(export(browser, XLSX_FORMAT))
    notes = row["notas"].value
    assert len(notes) <= 32_767
    assert notes.startswith("aaaa") and notes.endswith(
        "tenía 40\xa0000 caracteres y una celda de Excel admite 32\xa0767)"
    )
    assert "texto cortado" in notes
    [row] = csv_rows(export(browser))
    assert row["notas"] == "a" * 40_000  # CSV has no such limit


def test_csv_export_has_the_spanish_columns_and_every_client(admin_client_for, tenant_a, admin_a, client_in, school_in):
    client_in(tenant_a, name="Ana Pérez", created_by=admin_a)
    school_in(tenant_a, name="Unidad Educativa Quito")
    response = export(admin_client_for(tenant_a, admin_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert list(rows[0])[:6] == ["tipo", "tipo_documento", "documento", "nombre", "email", "telefono"]
    assert {"niveles", "mes_inicio_anio_lectivo", "creado_por", "creado_en", "id"} <= set(rows[0])
    by_name = {row["nombre"]: row for row in rows}
    assert by_name["Ana Pérez"]["tipo"] == "particular"
    assert by_name["Ana Pérez"]["creado_por"] == admin_a.username
    assert by_name["Ana Pérez"]["es_activo"] == "sí"
    school = by_name["Unidad Educativa Quito"]
    assert (school["niveles"], school["mes_inicio_anio_lectivo"], school["numero_estudiantes"]) == (
        "basica_media, bachillerato",
        "septiembre",
        "850",
    )


def test_export_respects_the_current_filters_and_search(admin_client_for, tenant_a, admin_a, client_in, school_in):
    client_in(tenant_a, name="José Pérez", city="Quito")
    client_in(tenant_a, name="Luis Pérez", city="Cuenca")
    school_in(tenant_a, name="Colegio Pérez", city="Quito")
    browser = admin_client_for(tenant_a, admin_a)
    rows = csv_rows(export(browser, query="?client_type__exact=particular&q=perez"))
    assert sorted(row["nombre"] for row in rows) == ["José Pérez", "Luis Pérez"]
    rows = csv_rows(export(browser, query="?ciudad=Quito&q=jose"))
    assert [row["nombre"] for row in rows] == ["José Pérez"]


def test_the_changelist_export_button_carries_the_filters(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a)
    html = admin_client_for(tenant_a, admin_a).get("/admin/clients/client/", {"q": "ana"}).content.decode()
    assert f"{EXPORT}?q=ana" in html


def test_xlsx_export_opens_in_a_spreadsheet_program(admin_client_for, tenant_a, admin_a, client_in):
    client_in(tenant_a, name="Begoña Ibáñez", document="1710034065")
    response = export(admin_client_for(tenant_a, admin_a), XLSX_FORMAT)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.active.title == "Clientes"
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("tipo", "tipo_documento", "documento", "nombre")
    assert rows[1][2:4] == ("1710034065", "Begoña Ibáñez")  # the document stays text: no lost zeros


def test_formulas_are_neutralised_in_csv_and_xlsx(admin_client_for, tenant_a, admin_a, client_in):
    client_in(
        tenant_a,
        name='=HYPERLINK("http://malo.example","Premio")',
        notes="@SUM(1+1)*cmd|' /C calc'!A0",
        address="-2+3",
        phone="+593991234567",
    )
    browser = admin_client_for(tenant_a, admin_a)
    [row] = csv_rows(export(browser))
    assert row["nombre"] == """'=HYPERLINK("http://malo.example","Premio")"""
    assert row["notas"].startswith("'@SUM")
    assert row["direccion"] == "'-2+3"
    assert row["telefono"] == "+593991234567"  # a phone number is not a formula
    sheet = openpyxl.load_workbook(io.BytesIO(export(browser, XLSX_FORMAT).content)).active
    name_cell = sheet.cell(row=2, column=4)
    assert name_cell.data_type == "s" and name_cell.value.startswith("'=")


def test_another_tenants_clients_are_never_exported(admin_client_for, tenant_a, tenant_b, admin_a, client_in):
    client_in(tenant_b, name="Cliente de Beta")
    assert csv_rows(export(admin_client_for(tenant_a, admin_a))) == []


def test_users_without_view_permission_cannot_export(admin_client_for, make_user, tenant_a):
    browser = admin_client_for(tenant_a, make_user(tenant_a))
    assert browser.get(EXPORT).status_code == 403


# --- Export is a permission of its own, and every export is recorded ---------------------------


def exports_recorded(tenant) -> list[ActivityLog]:
    with schema_context(tenant.schema_name):
        return list(ActivityLog.objects.select_related("user"))


def test_a_reader_sees_no_export_button_and_gets_403(admin_client_for, tenant_a, reader_a, client_in):
    client_in(tenant_a)
    browser = admin_client_for(tenant_a, reader_a)
    changelist = browser.get("/admin/clients/client/")
    assert changelist.status_code == 200
    assert EXPORT not in changelist.content.decode()
    assert browser.get(EXPORT).status_code == 403
    assert export(browser, XLSX_FORMAT).status_code == 403
    assert exports_recorded(tenant_a) == []


@pytest.mark.parametrize(
    ("role", "may_export"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.MANAGER, True),
        (Role.SALES, True),
        (Role.ACCOUNTING, True),
        (Role.PHOTOGRAPHER, False),
        (Role.PRODUCTION, False),
        (Role.READ_ONLY, False),
    ],
)
def test_who_may_export_clients(admin_client_for, make_user, tenant_a, client_in, role, may_export):
    client_in(tenant_a)
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    assert (EXPORT in browser.get("/admin/clients/client/").content.decode()) is may_export
    assert export(browser, XLSX_FORMAT).status_code == (200 if may_export else 403)
    assert len(exports_recorded(tenant_a)) == (1 if may_export else 0)


def test_an_accountant_exports_and_the_export_is_recorded(admin_client_for, make_user, tenant_a, client_in):
    accountant = make_user(tenant_a, Role.ACCOUNTING, username="contadora")
    client_in(tenant_a, name="Ana Pérez", city="Quito")
    client_in(tenant_a, name="Ana Ruiz", city="Quito")
    client_in(tenant_a, name="Ana Mora", city="Cuenca")
    client_in(tenant_a, name="Luis Pérez", city="Quito")
    browser = admin_client_for(tenant_a, accountant)
    response = export(browser, XLSX_FORMAT, query="?ciudad=Quito&q=ana")
    assert response.status_code == 200
    assert sorted(row["nombre"].value for row in xlsx_rows(response)) == ["Ana Pérez", "Ana Ruiz"]
    [log] = exports_recorded(tenant_a)
    assert (log.user, log.username, log.action, log.model) == (accountant, "contadora", "export", "clients.client")
    assert (log.row_count, log.filters, log.file_format) == (2, {"ciudad": "Quito", "q": "ana"}, "xlsx")
    assert (log.ip_address, log.request_id) == ("127.0.0.1", response["X-Request-ID"])
    assert browser.get(EXPORT).status_code == 200  # opening the page exports nothing
    assert len(exports_recorded(tenant_a)) == 1
