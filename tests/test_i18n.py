"""Spanish by default, English on request: unfold's own strings in Spanish, ours in English.

``locale/es`` holds django-unfold's strings that Django's Spanish catalogues lack
(unfold ships no translations); ``locale/en`` holds the English of the project's
own strings, whose source text is Spanish. ``make test`` compiles both first; a
bare ``pytest`` run compiles any stale one here (see ``_compiled_catalogues``).
"""

import gettext
import importlib.util
import re
import shutil
import uuid
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation.reloader import translation_file_changed

from conftest import TEST_PASSWORD, host_of
from fotostudio.users.models import Role

BASE_DIR = Path(settings.BASE_DIR)
_spec = importlib.util.spec_from_file_location("compile_translations", BASE_DIR / "scripts/compile_translations.py")
compiler = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiler)

CATALOGUES = compiler.catalogues()
#: ``%(name)s``, ``%s``, ``%.1f`` in ``python-format`` entries (``%%`` is matched only to be skipped).
PYTHON_PLACEHOLDER = re.compile(r"%%|%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
#: ``{}``, ``{name}``, ``{0}`` (``str.format``), in any entry.
BRACE_PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    """``make test`` compiles the catalogues before pytest; a bare ``pytest`` run compiles the stale ones here."""
    stale = [path for path in CATALOGUES if compiler.is_stale(path)]
    for path in stale:
        compiler.compile_catalogue(path)
    if stale:  # forget catalogues this process loaded before the .mo files existed
        translation_file_changed(sender=None, file_path=stale[0].with_suffix(".mo"))


def _entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def _catalogue_id(path: Path) -> str:
    return str(path.relative_to(BASE_DIR))


def _placeholders(text: str, python_format: bool) -> Counter:
    found = BRACE_PLACEHOLDER.findall(text)
    if python_format:
        found += [placeholder for placeholder in PYTHON_PLACEHOLDER.findall(text) if placeholder != "%%"]
    return Counter(found)


# --- Spanish by default: unfold's own strings -------------------------------------------------


def test_sign_in_page_greets_in_spanish(tenant_a):
    content = Client(HTTP_HOST=host_of(tenant_a)).get("/admin/login/").content.decode()
    assert '<html lang="es"' in content
    assert "Bienvenido de nuevo a" in content
    assert "Welcome back to" not in content


def test_changelist_shows_unfolds_controls_in_spanish(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    content = browser.get("/admin/users/user/?q=nadie-se-llama-asi").content.decode()
    for spanish in (
        "Buscar aplicaciones y modelos...",
        "Escriba para buscar",
        "Seleccione una acción",
        "Aplicar filtros",
        "No se encontraron resultados",
        "No hay resultados que mostrar. Cree un nuevo elemento o restablezca los filtros.",
        "Restablecer filtros",
    ):
        assert spanish in content, spanish
    for english in (
        "Search apps and models",
        "Type to search",
        "Select action",
        "Apply Filters",
        "No results found",
        "This page yielded into no results",
        "Reset filters",
    ):
        assert english not in content, english


def test_signing_out_says_so_in_spanish(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    content = browser.post("/admin/logout/").content.decode()
    assert "Su sesión en la administración se cerró correctamente" in content
    assert "successfully logged out" not in content


# --- English on request: the project's own strings ------------------------------------------


def test_choosing_english_translates_the_dashboard_and_sidebar(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    assert "Panel de control" in browser.get("/admin/").content.decode()

    response = browser.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    content = browser.get("/admin/").content.decode()
    assert '<html lang="en"' in content
    for english in ("Dashboard", "Home", "Users and roles", "Users", "Access log", "Team", "Users by role"):
        assert english in content, english
    for spanish in ("Panel de control", "Usuarios y roles", "Usuarios por rol", "Últimos inicios de sesión"):
        assert spanish not in content, spanish
    assert "Search apps and models..." in content  # unfold's own strings are English again


def test_language_cookie_turns_the_changelist_english(tenant_a, make_user, admin_client_for):
    browser = admin_client_for(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = browser.get("/admin/users/user/").content.decode()
    for english in ("Deactivate selected users", "Activate selected users", "Select action", "By admin access"):
        assert english in content, english
    assert "Desactivar usuarios seleccionados" not in content


def test_api_errors_follow_the_language_cookie(tenant_a, make_user, api_client):
    client = api_client(tenant_a, make_user(tenant_a, Role.ADMINISTRATOR))
    missing = f"/api/v1/clients/{uuid.uuid4()}/"
    assert client.get(missing).json() == {"detail": "No encontrado.", "code": "not_found"}

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(missing).json() == {"detail": "Not found.", "code": "not_found"}


def test_api_errors_follow_accept_language(tenant_a, make_user, api_client):
    user = make_user(tenant_a, Role.ADMINISTRATOR, username="idioma")
    client = api_client(tenant_a)
    wrong = {"username": user.username, "password": TEST_PASSWORD + "-no"}
    spanish = client.post("/api/v1/auth/token/", wrong, format="json")
    assert spanish.status_code == 401
    assert spanish.json()["detail"] == "Credenciales inválidas."

    english = client.post("/api/v1/auth/token/", wrong, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 401
    assert english.json()["detail"] == "Invalid credentials."


# --- The catalogues themselves ----------------------------------------------------------------


def test_there_is_a_catalogue_for_each_language():
    assert {path.parts[-3] for path in CATALOGUES} == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_every_catalogue_compiles(path, tmp_path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    mo_path, translated, left_out = compiler.compile_catalogue(copy)
    assert (translated, left_out) == (len(_entries(path)), 0)
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info()["language"] == path.parts[-3]
    for entry in _entries(path):
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[1]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_catalogue_has_no_empty_or_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not catalogue.obsolete_entries()
    assert not catalogue.fuzzy_entries()
    empty = [
        entry.msgid
        for entry in catalogue
        if not (all(entry.msgstr_plural.get(form) for form in (0, 1)) if entry.msgid_plural else entry.msgstr)
    ]
    assert empty == []


def test_english_catalogue_is_substantial():
    """The project's own strings (a few hundred), not a stub."""
    assert len(_entries(BASE_DIR / "locale/en/LC_MESSAGES/django.po")) > 250


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_translations_keep_every_placeholder(path):
    broken = []
    for entry in _entries(path):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if form == 0 else entry.msgid_plural, text) for form, text in entry.msgstr_plural.items()
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        python_format = "python-format" in entry.flags
        for source, translation in pairs:
            if _placeholders(source, python_format) != _placeholders(translation, python_format):
                broken.append((source, translation))
    assert broken == []


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_entries_with_python_placeholders_are_flagged_python_format(path):
    """The placeholder check above (and the compile script's) reads ``%`` only in ``python-format`` entries."""
    unflagged = [entry.msgid for entry in _entries(path) if "%(" in entry.msgid and "python-format" not in entry.flags]
    assert unflagged == []


def test_placeholder_patterns_see_every_kind():
    text = "%(count)d de %(name)s, %s y %.1f: 100 %% seguro {} {name}"
    assert _placeholders(text, python_format=True) == Counter(["%(count)d", "%(name)s", "%s", "%.1f", "{}", "{name}"])
    assert _placeholders("50% de descuento {}", python_format=False) == Counter(["{}"])


# --- The compile script (Python only, no GNU gettext) ------------------------------------------


def test_compile_script_builds_a_catalogue_and_refuses_a_broken_one(tmp_path, capsys):
    good = tmp_path / "good.po"
    good.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hola"\nmsgstr "Hello"\n')
    assert compiler.is_stale(good)
    assert compiler.main([str(good)]) == 0
    assert not compiler.is_stale(good)
    with good.with_suffix(".mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Hola") == "Hello"
    assert "1 messages" in capsys.readouterr().out

    unterminated = tmp_path / "unterminated.po"  # polib alone would read "Hell"
    unterminated.write_text('msgid "Hola"\nmsgstr "Hello\n')
    assert compiler.main([str(unterminated)]) == 1
    assert "line 2: not valid PO syntax" in capsys.readouterr().err
    assert not unterminated.with_suffix(".mo").exists()

    renamed = tmp_path / "renamed.po"
    renamed.write_text('#, python-format\nmsgid "Hola, %(nombre)s"\nmsgstr "Hello, %(name)s"\n')
    assert compiler.main([str(renamed)]) == 1
    assert "placeholders" in capsys.readouterr().err
    assert not renamed.with_suffix(".mo").exists()
