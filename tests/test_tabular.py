"""Reading uploaded spreadsheets (``fotostudio.spreadsheets.tabular``): every module's import starts here."""

import csv
import dataclasses
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from fotostudio.spreadsheets.tabular import XLSX_LIMITS, SpreadsheetError, XlsxLimits, file_format, read_table
from tests.spreadsheet_files import (
    blank_rows_xlsx,
    huge_shared_strings_xlsx,
    shared_strings_xlsx,
    wide_row_xlsx,
    with_parts,
    workbook_bytes,
)

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


xlsx_bytes = workbook_bytes


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
        ("sin_cabecera.xlsx", workbook_bytes([None, "  ", " "], ["Ana", "1", "x"]), "nombres de las columnas"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(name, content, message):
    assert message in refusal(name, content)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hola.txt", "no soy una hoja de cálculo")
    assert "dañado" in refusal("zip.xlsx", buffer.getvalue())


@pytest.mark.parametrize("limit", ["expanded_bytes", "part_bytes"])
def test_an_xlsx_that_would_expand_too_much_is_refused_before_it_is_opened(limit):
    limits = dataclasses.replace(XLSX_LIMITS, **{limit: 1024})
    assert "descomprimido" in refusal("bomba.xlsx", xlsx_bytes(HEADERS, ["Ana", "1", "Quito"]), xlsx_limits=limits)


def test_an_xlsx_with_an_empty_sheet_is_refused():
    assert "vacío" in refusal("vacio.xlsx", xlsx_bytes())


def test_a_5_mb_junk_file_is_refused():
    """How fast: tests/benchmarks/bench_hostile_xlsx.py prints it."""
    junk = os.urandom(5 * 1024 * 1024)
    for name in ("basura.csv", "basura.xlsx"):
        with pytest.raises(SpreadsheetError):
            read_table(upload(name, junk))
    assert "máximo es 5,0 MB" in refusal("grande.csv", junk + b"x")


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
    assert "más de 2 filas" in refusal(name, content, max_rows=2)
    assert len(read_table(upload(name, content), max_rows=3).rows) == 3


@pytest.mark.parametrize("name", ["c.csv", "c.xlsx"])
def test_blank_rows_count_toward_the_row_limit(name):
    rows = [["Ana", "1", "Quito"], [None, None, None], ["", "", ""], ["Luis", "2", "Loja"]]
    content = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(HEADERS, *rows)
    assert "las filas vacías también cuentan" in refusal(name, content, max_rows=3)
    assert [line for line, _values in read_table(upload(name, content), max_rows=4).rows] == [2, 5]


# --- Files made to tie up the server: refused before (or while) they are parsed -----------------


def test_a_sheet_of_a_million_blank_rows_is_refused_at_the_row_limit():
    """134 KB of blank rows in a sheet that says it is A1:XFD1048576 (it once took four minutes)."""
    content = blank_rows_xlsx(rows=1_000_000)
    assert len(content) < 200_000
    message = refusal("vacias.xlsx", content)
    assert "más de 20" in message and "las filas vacías también cuentan" in message


def test_the_size_a_sheet_declares_is_not_trusted():
    """Rows are read as wide as the header, whatever the sheet's ``<dimension>`` says."""
    table = read_table(upload("vacias.xlsx", blank_rows_xlsx(rows=3, cells=5)))
    assert (table.headers, table.rows) == (["nombre", "documento"], [])


def test_a_row_wider_than_excel_allows_is_refused():
    assert "más de 16" in refusal("ancha.xlsx", wide_row_xlsx(cells=20_000))


def test_a_hundred_megabytes_of_shared_strings_are_refused_before_they_are_read():
    """243 KB that expand to 99.6 MB of text (it once took 94 s and 500 MB)."""
    content = huge_shared_strings_xlsx(strings=10, length=9_960_000)
    assert len(content) < 300_000
    assert "descomprimido" in refusal("textos.xlsx", content)


@pytest.mark.parametrize(
    ("strings", "rows", "message"),
    [
        (["A" * 40_000], [[0, 0]], "más de 32"),  # one text longer than a cell may hold
        ([f"{n}" + "A" * 30_000 for n in range(400)], [[0, 1]], "demasiado texto"),  # 12 million characters
        (["A" * 30_000], [[0, 0]] * 2_000, "demasiado texto"),  # one long text repeated on every row
    ],
)
def test_too_much_shared_text_is_refused(strings, rows, message):
    assert message in refusal("textos.xlsx", shared_strings_xlsx(strings, rows))


def test_shared_strings_are_read_as_cells():
    table = read_table(upload("compartidos.xlsx", shared_strings_xlsx(["Ana", "0102"], [[0, 1], [1, 0]])))
    assert table.rows == [(2, ["Ana", "0102"]), (3, ["0102", "Ana"])]


def test_too_many_xml_elements_or_parts_are_refused():
    content = xlsx_bytes(HEADERS, *[["Ana", "1", "Quito"]] * 50)
    assert "demasiadas celdas" in refusal("c.xlsx", content, xlsx_limits=XlsxLimits(xml_elements=100))
    assert "XLSX válido" in refusal("c.xlsx", content, xlsx_limits=XlsxLimits(parts=3))


def test_a_workbook_with_a_dtd_is_refused():
    """Entity expansion ("billion laughs") needs a DTD; a workbook never has one."""
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "jajaja">]><workbook>&a;</workbook>'
    assert "XLSX válido" in refusal("risas.xlsx", with_parts(xlsx_bytes(HEADERS), {"xl/workbook.xml": laughs}))


def test_a_utf16_part_is_scanned_too():
    laughs = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "ja">]><workbook>&a;</workbook>'
    content = with_parts(xlsx_bytes(HEADERS), {"xl/workbook.xml": laughs.encode("utf-16")})
    assert "XLSX válido" in refusal("risas.xlsx", content)


def test_too_many_shared_strings_are_refused():
    content = shared_strings_xlsx(["Ana", "0102"], [[0, 1]])
    assert "demasiado texto" in refusal("c.xlsx", content, xlsx_limits=XlsxLimits(shared_strings=3))


def test_an_inline_text_longer_than_a_cell_may_hold_is_refused():
    content = blank_rows_xlsx(rows=0, data=[["A" * 40_000, "0102"]])
    assert "más de 32" in refusal("largo.xlsx", content)


def test_a_sheet_that_breaks_while_it_is_read_is_refused():
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c t="inlineStr"><is><t>nombre</t></is></c></row>'
        '<row r="2"><c t="n"><v>no es un número</v></c></row></sheetData></worksheet>'
    )
    content = with_parts(xlsx_bytes(HEADERS), {"xl/worksheets/sheet1.xml": sheet.encode()})
    assert "dañado" in refusal("roto.xlsx", content)


def test_a_part_compressed_in_a_way_zip_readers_do_not_know_is_refused():
    """A method number Python does not implement (99 is AES encryption) in both the local and central headers."""
    content = bytearray(xlsx_bytes(HEADERS))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        position = content.find(signature)
        content[position + offset : position + offset + 2] = (99).to_bytes(2, "little")
    assert "protegido con contraseña" in refusal("cifrado.xlsx", bytes(content))


def test_a_part_that_is_not_xml_is_left_alone_and_broken_xml_is_refused():
    image = with_parts(xlsx_bytes(HEADERS, ["Ana", "1", "Quito"]), {"xl/media/image1.png": b"\x89PNG\r\n" * 10})
    assert read_table(upload("imagen.xlsx", image)).rows == [(2, ["Ana", "1", "Quito"])]
    broken = with_parts(xlsx_bytes(HEADERS), {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>"})
    assert "XLSX válido" in refusal("roto.xlsx", broken)


def test_file_format_by_extension():
    assert (file_format("Lista.CSV"), file_format("lista.xlsx")) == ("csv", "xlsx")
