"""Exporting clients from the admin: CSV and XLSX, the current filters, and no live formulas."""

import csv
import io

import openpyxl

EXPORT = "/admin/clients/client/export/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def export(browser, file_format=CSV_FORMAT, query: str = ""):
    return browser.post(f"{EXPORT}{query}", {"format": file_format, "resource": "0"})


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_form_offers_csv_and_xlsx(admin_client_for, tenant_a, reader_a):
    response = admin_client_for(tenant_a, reader_a).get(EXPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert ">csv<" in html.lower() and ">xlsx<" in html.lower()


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
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
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
