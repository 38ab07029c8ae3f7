"""XLSX files built byte by byte: the hostile ones an upload must refuse, used by tests and benchmarks.

A real workbook (openpyxl's) with one part replaced: each of these is a small download
that expands to something no spreadsheet program writes.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def workbook_bytes(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The zip ``data`` with ``parts`` (name → content) replaced or added, compressed as hard as zip can."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in source.infolist():
            if member.filename not in parts:
                archive.writestr(member.filename, source.read(member.filename))
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _sheet(rows_xml: str, dimension: str = "") -> bytes:
    dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">{dimension}'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def _text_row(line: int, texts) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in texts)
    return f'<row r="{line}">{cells}</row>'


def blank_rows_xlsx(rows: int = 1_000_000, cells: int = 1, data: list[list[str]] = ()) -> bytes:
    """Header ``nombre, documento``, the ``data`` rows, then ``rows`` blank rows of ``cells`` empty cells.

    The sheet says it is A1:XFD1048576: a reader that does not count blank rows reads them
    all, and one that trusts the declared size pads each to 16,384 cells.
    """
    blank = "<row>" + "<c/>" * cells + "</row>"
    head = "".join(_text_row(line, texts) for line, texts in enumerate([["nombre", "documento"], *data], start=1))
    sheet = _sheet(head + blank * rows, dimension="A1:XFD1048576")
    return with_parts(workbook_bytes(["x"]), {"xl/worksheets/sheet1.xml": sheet})


def wide_row_xlsx(cells: int = 1_000_000) -> bytes:
    """A header row with ``cells`` empty cells after it: more than a sheet can have."""
    sheet = _sheet(f'<row r="1"><c t="inlineStr"><is><t>nombre</t></is></c>{"<c/>" * cells}</row>')
    return with_parts(workbook_bytes(["x"]), {"xl/worksheets/sheet1.xml": sheet})


def shared_strings_xlsx(strings: list[str], rows: list[list[int]]) -> bytes:
    """A sheet whose header is ``nombre, documento`` and whose data rows point to ``strings`` by index."""
    items = "".join(f"<si><t>{text}</t></si>" for text in ["nombre", "documento", *strings])
    shared = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="{MAIN}" count="{len(strings) + 2}" uniqueCount="{len(strings) + 2}">{items}</sst>'
    ).encode()
    body = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    body += "".join(
        f'<row r="{line}">' + "".join(f'<c t="s"><v>{index + 2}</v></c>' for index in indexes) + "</row>"
        for line, indexes in enumerate(rows, start=2)
    )
    base = workbook_bytes(["x"])
    source = zipfile.ZipFile(io.BytesIO(base))
    content_types = source.read("[Content_Types].xml").decode()
    if "sharedStrings" not in content_types:
        content_types = content_types.replace(
            "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>'
        )
    relations = source.read("xl/_rels/workbook.xml.rels").decode()
    if "sharedStrings" not in relations:
        relations = relations.replace(
            "</Relationships>",
            f'<Relationship Id="rIdShared" Type="{SHARED_STRINGS_RELATION}" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
    return with_parts(
        base,
        {
            "[Content_Types].xml": content_types.encode(),
            "xl/_rels/workbook.xml.rels": relations.encode(),
            "xl/sharedStrings.xml": shared,
            "xl/worksheets/sheet1.xml": _sheet(body),
        },
    )


def huge_shared_strings_xlsx(strings: int = 10, length: int = 9_960_000) -> bytes:
    """``strings`` shared strings of ``length`` characters (99.6 MB of text by default), one per row."""
    return shared_strings_xlsx(["A" * length] * strings, [[index, index] for index in range(strings)])
