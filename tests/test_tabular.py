"""Reading uploaded spreadsheets (``fotostudio.spreadsheets.tabular``): every module's import starts here."""

import csv
import io
import os
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from fotostudio.spreadsheets.tabular import SpreadsheetError, file_format, read_table

HEADERS = ["nombre", "codigo", "ciudad"]


@pytest.fixture(autouse=True)
def spanish():
    """The messages checked here are the Spanish source strings (another test may have left English active)."""
    with translation.override("es"):
        yield


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def csv_bytes(rows, headers=HEADERS, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(name: str, content: bytes, **kwargs) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_table(upload(name, content), **kwargs)
    assert caught.value.code == "import_file_invalid"
    return str(caught.value.message)


def test_reads_utf8_csv_with_accents_and_bom():
    table = read_table(upload("c.csv", "\ufeff".encode() + csv_bytes([["Íñigo Muñoz", "0012", "Cuenca"]])))
    assert (table.format, table.headers) == ("csv", HEADERS)
    assert table.rows == [(2, ["Íñigo Muñoz", "0012", "Cuenca"])]


def test_reads_excel_windows_csv_with_semicolons_in_cp1252():
    table = read_table(
        upload("excel.csv", csv_bytes([["Begoña Ibáñez", "1", "Loja"]], delimiter=";", encoding="cp1252"))
    )
    assert table.rows[0][1][0] == "Begoña Ibáñez"


def test_reads_tab_separated_text():
    assert read_table(upload("c.csv", b"nombre\tcodigo\nAna\t7\n")).rows == [(2, ["Ana", "7"])]


def test_blank_lines_are_skipped_but_line_numbers_stay_true():
    content = b"nombre,codigo\nAna,1\n,\n\nLuis,2\n"
    assert [line for line, _values in read_table(upload("c.csv", content)).rows] == [2, 5]


def test_reads_xlsx_keeping_numbers_and_line_numbers_and_dropping_unnamed_columns():
    table = read_table(
        upload("l.xlsx", xlsx_bytes(["nombre", "codigo", None], ["Ana", 100000041, None], [None], ["Luis", 7]))
    )
    assert (table.format, table.headers) == ("xlsx", ["nombre", "codigo"])
    assert table.rows == [(2, ["Ana", 100000041]), (4, ["Luis", 7])]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vacio.csv", b"", "vacío"),
        ("espacios.csv", b"  \n \n", "vacío"),
        ("solo_bom.csv", b"\xef\xbb\xbf", "vacío"),
        ("datos.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
        ("datos.ods", b"PK\x03\x04", ".xlsx"),
        ("datos.pdf", b"%PDF-1.4", "CSV o XLSX"),
        ("sin_extension", b"nombre\nAna", "CSV o XLSX"),
        ("binario.csv", b"nombre\x00\x01\x02", "binario"),
        ("desconocido.csv", b"nombre\n\x81\x8d", "codificación"),
        ("falso.xlsx", b"nombre,codigo\nAna,1", "XLSX válido"),
        ("roto.xlsx", b"PK\x03\x04" + b"\x00" * 200, "XLSX válido"),
        ("comillas.csv", b'nombre,codigo\n"Ana,1\n', "mal formado"),
        ("sin_cabecera.csv", b",,\nAna,1,x\n", "nombres de las columnas"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(name, content, message):
    assert message in refusal(name, content)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hola.txt", "no soy una hoja de cálculo")
    assert "dañado" in refusal("zip.xlsx", buffer.getvalue())


def test_an_xlsx_that_would_expand_too_much_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr("fotostudio.spreadsheets.tabular.MAX_XLSX_EXPANDED_BYTES", 1024)
    assert "descomprimido" in refusal("bomba.xlsx", xlsx_bytes(HEADERS, ["Ana", "1", "Quito"]))


def test_an_xlsx_with_an_empty_sheet_is_refused():
    assert "vacío" in refusal("vacio.xlsx", xlsx_bytes())


def test_a_5_mb_junk_file_is_refused_quickly():
    junk = os.urandom(5 * 1024 * 1024)
    started = time.monotonic()
    for name in ("basura.csv", "basura.xlsx"):
        with pytest.raises(SpreadsheetError):
            read_table(upload(name, junk))
    assert "máximo es 5,0 MB" in refusal("grande.csv", junk + b"x")
    assert time.monotonic() - started < 5


def test_the_size_is_checked_on_what_is_read_too():
    """A stream without a trustworthy ``size`` is cut at the limit."""
    stream = io.BytesIO(b"nombre\n" + b"a" * 100)
    stream.name = "grande.csv"
    with pytest.raises(SpreadsheetError) as caught:
        read_table(stream, max_bytes=50)
    assert "supera el máximo" in str(caught.value.message)


@pytest.mark.parametrize("name", ["c.csv", "c.xlsx"])
def test_too_many_rows_are_refused(name):
    rows = [["Ana", "1", "Quito"]] * 3
    content = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(HEADERS, *rows)
    assert "3 filas" in refusal(name, content, max_rows=2)


def test_file_format_by_extension():
    assert (file_format("Lista.CSV"), file_format("lista.xlsx")) == ("csv", "xlsx")
