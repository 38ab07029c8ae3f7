"""The shared all-or-nothing import (``fotostudio.spreadsheets.imports``), on a tiny resource of roles (auth groups)."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.utils import translation
from django_tenants.utils import schema_context
from import_export.fields import Field

from fotostudio.core.errors import ConflictError
from fotostudio.spreadsheets.imports import ImportParser, ImportRejected, RowError, TableImport
from fotostudio.spreadsheets.resources import CountWidget, ModelResource, TextWidget
from fotostudio.spreadsheets.tabular import Table


@pytest.fixture(autouse=True)
def spanish():
    """The messages checked here are the Spanish source strings (another test may have left English active)."""
    with translation.override("es"):
        yield


class RoleResource(ModelResource):
    id = Field(attribute="id", column_name="id", widget=TextWidget(), readonly=True)
    nombre = Field(attribute="name", column_name="nombre", widget=TextWidget())
    orden = Field(attribute="order", column_name="orden", widget=CountWidget())

    required_columns = ("nombre",)
    header_aliases = {"rol": "nombre"}

    class Meta:
        model = Group
        fields = export_order = ("nombre", "orden", "id")


class RoleImport(TableImport):
    """What a module writes: the resource, its codes and the row validation."""

    resource_class = RoleResource
    error_code = "role_import_invalid"
    unique_field = "name"
    conflict_code = "role_duplicate"

    def build(self, data):
        data.pop("order", None)  # a column the model does not keep (parsed and checked only)
        return super().build(data)

    def validate(self, group):
        group.name = " ".join(group.name.split()).capitalize()
        if not group.name:
            return {"name": ["El nombre es obligatorio."]}
        if len(group.name) > 30:
            return {"name": ["Máximo 30 caracteres."]}
        return {}


@pytest.fixture
def in_a(tenant_a):
    with schema_context(tenant_a.schema_name):
        yield


def table(*rows, headers=("nombre", "orden")) -> Table:
    return Table(headers=list(headers), rows=[(line, list(values)) for line, values in enumerate(rows, start=2)])


def rejection(import_table: Table, **kwargs) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        RoleImport(**kwargs).run(import_table)
    assert caught.value.code == "role_import_invalid"
    return caught.value


def test_a_good_file_creates_every_row_normalised(in_a):
    before = Group.objects.count()
    result = RoleImport().run(table(["  fotografía   de bodas ", "1"], ["Retoque", ""]))
    assert (result.created, result.dry_run) == (2, False)
    assert Group.objects.count() == before + 2
    assert Group.objects.filter(name="Fotografía de bodas").exists()


def test_dry_run_checks_and_writes_nothing(in_a):
    before = Group.objects.count()
    assert RoleImport().run(table(["Retoque", "1"]), dry_run=True).created == 1
    assert Group.objects.count() == before


def test_one_bad_row_and_nothing_is_written_every_error_is_reported(in_a):
    before = Group.objects.count()
    error = rejection(
        table(
            ["Retoque", "1"],  # 2: good
            ["", "2"],  # 3: the module's validation
            ["Impresión", "dos"],  # 4: the widget
            ["retoque", "4"],  # 5: repeated in the file (after normalising)
            ["ventas", "5"],  # 6: exists in the tenant
            ["x" * 40, "1.5"],  # 7: two problems
        )
    )
    assert str(error.message) == (
        "No se importó nada: 5 filas tienen errores. Corríjalas y vuelva a importar el archivo."
    )
    assert error.row_errors == [
        RowError(line=3, column="nombre", message="El nombre es obligatorio.", value=""),
        RowError(line=4, column="orden", message="«dos» no es un número entero.", value="dos"),
        RowError(line=5, column="nombre", message="«Retoque» está repetido: ya aparece en la fila 2.", value="Retoque"),
        RowError(line=6, column="nombre", message="Ya está registrado: Ventas.", value="Ventas"),
        RowError(line=7, column="orden", message="«1.5» no es un número entero.", value="1.5"),
        RowError(line=7, column="nombre", message="Máximo 30 caracteres.", value="x" * 40),
    ]
    assert Group.objects.count() == before


def test_one_bad_row_says_so_in_the_singular(in_a):
    assert "1 fila tiene errores" in str(rejection(table(["", "1"])).message)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (["orden"], "Faltan columnas obligatorias: nombre"),
        (["nombre", "name"], "Columnas no reconocidas: name. Las columnas válidas son: nombre, orden"),
        (["nombre", "Nombre"], "Columnas repetidas: Nombre"),
    ],
)
def test_wrong_columns_are_refused_on_line_1(in_a, headers, message):
    error = rejection(table(["Retoque", "1"], headers=headers))
    assert message in str(error.message)
    assert error.row_errors[0].line == 1


def test_aliases_case_accents_unnamed_and_export_only_columns_are_understood(in_a):
    parser = ImportParser(RoleResource, ["ROL", "", "Órden", "id"])
    assert (parser.header_errors, parser.positions) == ([], {"nombre": 0, "orden": 2})
    assert parser.parse(["Retoque", "x", "3"]) == ({"name": "Retoque", "order": 3}, [])
    assert parser.raw(["Retoque"], "orden") == ""
    assert parser.text(123456.0) == "123456"
    assert parser.text(None) == ""
    assert parser.text("y" * 100) == "y" * 79 + "…"
    assert (parser.field_of("nope"), parser.column_of("nope")) == ("", "")


def test_a_file_with_headers_only_is_refused(in_a):
    assert "no tiene filas" in str(rejection(table()).message)


def test_a_concurrent_registration_ends_as_a_conflict(in_a):
    with (
        mock.patch.object(Group.objects, "bulk_create", side_effect=IntegrityError),
        pytest.raises(ConflictError) as caught,
    ):
        RoleImport().run(table(["Retoque", "1"]))
    assert caught.value.code == "role_duplicate"
    assert "mientras se importaba" in str(caught.value.message)


def test_the_acting_user_is_kept_only_when_saved(make_user, tenant_a):
    assert RoleImport(acting_user=None).acting_user is None
    user = make_user(tenant_a)
    assert RoleImport(acting_user=user).acting_user == user
