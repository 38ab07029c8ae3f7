#!/usr/bin/env python3
"""Compile the project's message catalogues (``locale/*/LC_MESSAGES/*.po``) into ``.mo`` files.

Uses polib (a pinned requirement), so it needs neither GNU gettext nor Django's
settings (no database either). The ``.mo`` files are generated and git-ignored;
``make run`` and ``make test`` call this for every catalogue whose ``.po`` is newer.

    python scripts/compile_translations.py             # every catalogue whose .mo is missing or older
    python scripts/compile_translations.py --force     # every catalogue
    python scripts/compile_translations.py locale/en/LC_MESSAGES/django.po   # just these

Fuzzy and untranslated entries are left out of the ``.mo`` (Django then shows the
source string), as ``msgfmt`` does. Like ``msgfmt --check``, a catalogue is refused
(exit status 1, nothing written) when a line is not valid PO syntax (polib alone
silently truncates an unterminated string) or when a ``python-format`` translation
does not use exactly the placeholders of its source (``%(count)d``, ``%s``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"


#: A PO line: a keyword and a quoted string, a continued string, a comment or nothing.
_PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"$|^#|^$')
#: ``%(name)s``, ``%d``, ``%.1f``; ``%%`` is matched only to be skipped (``100 %% seguro`` holds none).
_PYTHON_PLACEHOLDER = re.compile(r"%%|%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


class CatalogueError(ValueError):
    pass


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every ``.po`` file under ``locale/<language>/LC_MESSAGES/``."""
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def is_stale(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def _placeholders(text: str) -> list[str]:
    return sorted(found for found in _PYTHON_PLACEHOLDER.findall(text) if found != "%%")


def check_catalogue(po_path: Path, catalogue: polib.POFile) -> list[str]:
    """The problems ``msgfmt --check`` would report that polib lets through."""
    problems = [
        f"line {number}: not valid PO syntax"
        for number, line in enumerate(po_path.read_text(encoding="utf-8").splitlines(), 1)
        if not _PO_LINE.match(line.strip())
    ]
    for entry in catalogue.translated_entries():
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if form == 0 else entry.msgid_plural, text) for form, text in entry.msgstr_plural.items()
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if _placeholders(source) != _placeholders(translation):
                problems.append(f"the placeholders of {source!r} differ in {translation!r}")
    return problems


def compile_catalogue(po_path: Path) -> tuple[Path, int, int]:
    """Write ``<name>.mo`` next to ``po_path``; return it with the numbers of compiled and left-out entries.

    The file is written under a temporary name and renamed, so a process reading it
    (a running server, a parallel test run) never sees half a catalogue.
    """
    catalogue = polib.pofile(str(po_path))
    problems = check_catalogue(po_path, catalogue)
    if problems:
        raise CatalogueError("; ".join(problems))
    translated = len(catalogue.translated_entries())
    left_out = len([entry for entry in catalogue if not entry.obsolete]) - translated
    mo_path = po_path.with_suffix(".mo")
    handle, temporary = tempfile.mkstemp(dir=po_path.parent, prefix=".", suffix=".mo.tmp")
    os.close(handle)
    try:
        catalogue.save_as_mofile(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return mo_path, translated, left_out


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(BASE_DIR)) if path.is_relative_to(BASE_DIR) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("po_files", nargs="*", type=Path, help="catalogues to compile (default: every stale one)")
    parser.add_argument("--force", action="store_true", help="compile even when the .mo is up to date")
    parser.add_argument("--quiet", action="store_true", help="print nothing when all goes well")
    options = parser.parse_args(argv)

    paths = options.po_files or [path for path in catalogues() if options.force or is_stale(path)]
    for po_path in paths:
        try:
            mo_path, translated, left_out = compile_catalogue(po_path)
        except (OSError, ValueError) as exc:
            print(f"{po_path}: cannot compile: {exc}", file=sys.stderr)
            return 1
        if not options.quiet:
            note = f" ({left_out} untranslated or fuzzy left out)" if left_out else ""
            print(f"{_shown(mo_path)}: {translated} messages{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
