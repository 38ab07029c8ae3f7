"""The materials import: COPY into staging, set-based checks, one upsert; all or nothing."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import schema_context

from modules.inventory.importing import ImportRefused, materials_import
from modules.inventory.models import Material, StockMovement
from modules.inventory.selectors import ledger_balance
from modules.inventory.services import stock_move
from modules.inventory.tests.factories import MaterialFactory
from tests.spreadsheet_files import blank_rows_xlsx, workbook_bytes

IMPORT = "/api/v1/inventory/import/"
GOOD = (
    "sku,nombre,categoria,unidad,costo_unitario,stock_minimo,cantidad_reposicion,proveedor,existencias,perfil,ancho_cm\n"
    "var-001,Varilla nogal,varillas,metro,4.50,20,60,Molduras Andinas,48,plano,3\n"
    'IMP-001,Papel A4,impresion,hoja,"0,35",200,500,Foto Ecuador,800,,\n'
)


def run(text: str | bytes, file_format: str = "csv", **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return materials_import(stream=io.BytesIO(data), file_format=file_format, reference="Importación prueba", **kwargs)


def refused(text, file_format="csv") -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        run(text, file_format)
    return caught.value


def test_a_good_file_creates_materials_with_opening_stock_movements(home):
    with schema_context(home.schema_name):
        summary = run(GOOD)
        assert (summary.rows, summary.created, summary.updated, summary.movements) == (2, 2, 0, 2)
        moulding = Material.objects.get(sku="VAR-001")
        assert (moulding.quantity_on_hand, moulding.average_cost, moulding.profile, moulding.width_cm) == (
            Decimal("48"),
            Decimal("4.5"),
            "plano",
            Decimal("3"),
        )
        paper = Material.objects.get(sku="IMP-001")
        assert paper.unit_cost == Decimal("0.35")
        movement = StockMovement.objects.get(material=moulding)
        assert (movement.kind, movement.quantity, movement.balance_after, movement.reference) == (
            "inicial",
            Decimal("48"),
            Decimal("48"),
            "Importación prueba",
        )
        assert all(ledger_balance(m) == m.quantity_on_hand for m in Material.objects.all())


def test_an_existing_sku_is_updated_and_its_counted_quantity_becomes_an_adjustment(home):
    with schema_context(home.schema_name):
        material = MaterialFactory(sku="IMP-001", name="Viejo", supplier="Antes")
        stock_move(material=material, kind="compra", quantity=100, unit_cost="0.30")
        summary = run("sku,nombre,existencias,proveedor\nimp-001,Papel nuevo,80,\n")
        assert (summary.created, summary.updated, summary.movements) == (0, 1, 1)
        material.refresh_from_db()
        assert (material.name, material.supplier, material.quantity_on_hand) == ("Papel nuevo", "Antes", Decimal("80"))
        adjustment = material.movements.order_by("-created_at").first()
        assert (adjustment.kind, adjustment.quantity, adjustment.unit_cost) == (
            "ajuste",
            Decimal("-20"),
            Decimal("0.3"),
        )
        assert ledger_balance(material) == Decimal("80")


def test_the_audit_trail_records_imported_rows(home):
    with schema_context(home.schema_name):
        run(GOOD)
        ids = list(Material.objects.values_list("id", flat=True))
        events = Material.pgh_event_model.objects.filter(pgh_obj_id__in=ids)
        assert sorted(events.values_list("pgh_label", "sku")) == [("crear", "IMP-001"), ("crear", "VAR-001")]
        assert StockMovement.objects.filter(material_id__in=ids, created_by=None).count() == 2


def test_row_errors_name_line_column_value_and_reason_and_nothing_is_written(home):
    text = (
        "sku,nombre,categoria,unidad,costo_unitario,existencias,perfil\n"
        "A-1,Uno,varillas,hoja,abc,-5,\n"
        "A-1,Dos,impresion,hoja,1,2,plano\n"
        "B-1,,mesas,unidad,99999999,1,\n"
    )
    with schema_context(home.schema_name):
        error = refused(text)
        assert Material.objects.count() == 0 and StockMovement.objects.count() == 0
    found = {(p.line, p.column, p.value) for p in error.problems}
    assert {
        (2, "unidad", "hoja"),  # moulding is in metres
        (2, "costo_unitario", "abc"),
        (2, "existencias", "-5"),
        (3, "sku", "A-1"),  # repeated
        (3, "perfil", "plano"),  # not an attribute of paper
        (4, "nombre", ""),
        (4, "categoria", "mesas"),
        (4, "costo_unitario", "99999999"),
    } <= found
    assert error.total == len(error.problems)
    assert error.code == "material_import_invalid"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vacío"),
        ("sku;nombre\n".encode("utf-16"), "UTF-16"),
        (b"sku,nombre,color_favorito\nA,B,C\n", "color_favorito"),
        (b"nombre,categoria\nA,impresion\n", "«sku»"),
        (b"sku,nombre,sku\nA,B,C\n", "repetidas"),
        (b"sku,nombre\nA,B,C\n", "más columnas"),
        (b"sku,nombre,categoria\nA,B\n", "menos columnas"),
        (b'sku,nombre\n"A,B\n', "comillas"),
        (b"sku,nombre\n", "no tiene filas"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_changes_nothing(home, content, message):
    with schema_context(home.schema_name):
        error = refused(content)
        assert Material.objects.count() == 0
    assert message in str(error.message)


def test_dates_are_read_in_both_forms_and_a_day_that_does_not_exist_is_a_row_error(home):
    header = "sku,nombre,categoria,unidad,numero_serie,vence_el\n"
    with schema_context(home.schema_name):
        run(header + "S-1,Licencia,software,licencia,A1,30/06/2027\nS-2,Garantía,software,unidad,B2,2027-1-5\n")
        assert sorted(Material.objects.values_list("expires_on", flat=True)) == [
            date(2027, 1, 5), date(2027, 6, 30)
        ]  # fmt: skip
        error = refused(header + "S-3,Otra,software,licencia,C3,31/02/2027\n")
    assert [(p.column, p.value) for p in error.problems] == [("vence_el", "31/02/2027")]


def test_excel_csv_with_bom_semicolons_and_windows_1252_is_read(home):
    text = "sku;nombre;categoria;unidad;costo_unitario;existencias\r\nDIS-1;Cartulina diseño;diseno;hoja;0,25;10\r\n"
    with schema_context(home.schema_name):
        run(b"\xef\xbb\xbf" + text.encode("utf-8"))
        run(text.replace("DIS-1", "DIS-2").encode("cp1252"))
        assert set(Material.objects.values_list("name", flat=True)) == {"Cartulina diseño"}
        assert Material.objects.count() == 2


def xlsx(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_read_with_calamine(home):
    data = xlsx(["sku", "nombre", "categoria", "unidad", "costo_unitario", "existencias"],
                ["PIN-1", "Laca", "pinturas", "litro", 9.5, 3])  # fmt: skip
    with schema_context(home.schema_name):
        run(data, "xlsx")
        material = Material.objects.get(sku="PIN-1")
    assert (material.unit_cost, material.quantity_on_hand) == (Decimal("9.5"), Decimal("3"))


def test_formulas_are_refused_in_an_xlsx_and_in_a_csv(home):
    data = xlsx(["sku", "nombre", "categoria", "unidad"], ["PIN-1", '=HYPERLINK("http://x")', "pinturas", "litro"])
    with schema_context(home.schema_name):
        assert "fórmulas" in str(refused(data, "xlsx").message)
        error = refused("sku,nombre,categoria,unidad\nPIN-1,=1+2,pinturas,litro\n")
        assert Material.objects.count() == 0
    assert [(p.line, p.column, p.value) for p in error.problems] == [(2, "nombre", "=1+2")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 this is not a zip", "XLSX"),
        (workbook_bytes(["sku"], ["A"])[:200], "XLSX"),
        (b"not a zip at all", "XLSX"),
    ],
)
def test_a_damaged_xlsx_is_refused(home, content, message):
    with schema_context(home.schema_name):
        assert message in str(refused(content, "xlsx").message)


def test_an_xlsx_bomb_is_refused_before_it_is_expanded(home):
    bomb = blank_rows_xlsx(rows=3_000_000, cells=3)
    with schema_context(home.schema_name):
        error = refused(bomb, "xlsx")
    assert "XLSX" in str(error.message)


def test_the_api_imports_a_small_file_at_once_and_refuses_a_bad_one_with_its_rows(api_client, home, administrator):
    api = api_client(home, administrator)
    bad = SimpleUploadedFile("materiales.csv", b"sku,nombre,categoria,unidad\nX-1,Uno,mesas,unidad\n")
    response = api.post(IMPORT, {"archivo": bad}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "material_import_invalid"
    assert body["filas"] == [
        {"fila": 2, "columna": "categoria", "valor": "mesas", "motivo": body["filas"][0]["motivo"]}
    ]
    good = SimpleUploadedFile("materiales.csv", GOOD.encode())
    response = api.post(IMPORT, {"archivo": good}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json() == {"filas": 2, "creados": 2, "actualizados": 0, "movimientos": 2}


def test_a_big_file_runs_as_a_job_with_progress(api_client, home, administrator, settings, run_jobs, tmp_path):
    settings.INVENTORY_IMPORT_SYNC_MAX_BYTES = 10
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    api = api_client(home, administrator)
    response = api.post(IMPORT, {"archivo": SimpleUploadedFile("m.csv", GOOD.encode())}, format="multipart")
    assert response.status_code == 202, response.json()
    job_id = response.json()["trabajo"]
    run_jobs()
    job = api.get(f"/api/v1/jobs/{job_id}/").json()
    assert job["estado"] == "succeeded", job
    assert job["resultado"] == {"filas": 2, "creados": 2, "actualizados": 0, "movimientos": 2}
    with schema_context(home.schema_name):
        assert Material.objects.count() == 2


def test_progress_is_reported_outside_the_import_s_transactions(home):
    """A report inside the check-and-write transaction would show only at its commit and keep the job's row
    locked meanwhile (a cancel would wait for the import): every report is made between transactions, and the
    one before the long step brings a new total so that the job writes it at once."""
    reports = []

    def progress(done, total, message):
        reports.append((done, total, str(message), len(connection.atomic_blocks)))

    with schema_context(home.schema_name):
        depth = len(connection.atomic_blocks)
        run(GOOD, progress=progress)
    assert [report[:3] for report in reports] == [
        (0, None, "Leyendo el archivo"),
        (1, 3, "Comprobando y guardando 2 filas"),
        (3, 3, "Importación terminada"),
    ]
    assert {report[3] for report in reports} == {depth}


def test_a_refused_big_file_fails_its_job_with_the_row_errors_and_changes_nothing(
    api_client, home, administrator, settings, run_jobs, tmp_path
):
    settings.INVENTORY_IMPORT_SYNC_MAX_BYTES = 10
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    api = api_client(home, administrator)
    bad = SimpleUploadedFile("m.csv", b"sku,nombre,categoria,unidad\nX-1,Uno,mesas,unidad\n")
    job_id = api.post(IMPORT, {"archivo": bad}, format="multipart").json()["trabajo"]
    run_jobs()
    job = api.get(f"/api/v1/jobs/{job_id}/").json()
    assert job["estado"] == "failed"
    assert "mesas" in job["error"] and "no se importó nada" in job["error"]
    with schema_context(home.schema_name):
        assert Material.objects.count() == 0
    assert not list(tmp_path.rglob("*.csv"))  # the stored file is removed
