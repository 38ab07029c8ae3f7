"""The shared all-or-nothing import: ``parse_table`` (spreadsheet layer) feeding a ``BulkCreate`` (a service),
on a tiny resource of roles (auth groups)."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django_tenants.utils import schema_context
from import_export.fields import Field

from fotostudio.core.bulk import BulkCreate, ImportRejected, RowError
from fotostudio.core.errors import ConflictError
from fotostudio.spreadsheets.imports import COLUMNS_INVALID, cell_text, column_of, parse_table
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


class RoleImport(BulkCreate):
    """What a module writes: the model, its codes and the row validation."""

    model = Group
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


def run(import_table: Table, importer: BulkCreate | None = None, **kwargs):
    return (importer or RoleImport()).run(parse_table(import_table, RoleResource), **kwargs)


def rejection(import_table: Table, code: str = "role_import_invalid") -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        run(import_table)
    assert caught.value.code == code
    return caught.value


def test_a_good_file_creates_every_row_normalised(in_a):
    before = Group.objects.count()
    result = run(table(["  fotografía   de bodas ", "1"], ["Retoque", ""]))
    assert (result.created, result.dry_run) == (2, False)
    assert Group.objects.count() == before + 2
    assert Group.objects.filter(name="Fotografía de bodas").exists()


def test_dry_run_checks_and_writes_nothing(in_a):
    before = Group.objects.count()
    assert run(table(["Retoque", "1"]), dry_run=True).created == 1
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
        RowError(line=3, field="name", message="El nombre es obligatorio.", value=""),
        RowError(line=4, field="order", message="«dos» no es un número entero.", value="dos"),
        RowError(line=5, field="name", message="«Retoque» está repetido: ya aparece en la fila 2.", value="Retoque"),
        RowError(line=6, field="name", message="Ya está registrado: Ventas.", value="Ventas"),
        RowError(line=7, field="order", message="«1.5» no es un número entero.", value="1.5"),
        RowError(line=7, field="name", message="Máximo 30 caracteres.", value="x" * 40),
    ]
    assert [column_of(RoleResource, error.field) for error in error.row_errors[:2]] == ["nombre", "orden"]
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
    error = rejection(table(["Retoque", "1"], headers=headers), code=COLUMNS_INVALID)
    assert message in str(error.message)
    assert error.row_errors[0].line == 1


def test_aliases_case_accents_unnamed_and_export_only_columns_are_understood(in_a):
    (row,) = parse_table(table(["Retoque", "x", "3", "99"], headers=("ROL", "", "Órden", "id")), RoleResource)
    assert (row.line, row.data, row.errors) == (2, {"name": "Retoque", "order": 3}, {})
    (short,) = parse_table(table(["Retoque"], headers=("nombre", "orden")), RoleResource)
    assert short.raw["order"] == "" and short.data["order"] is None
    assert cell_text(123456.0) == "123456"
    assert cell_text(None) == ""
    assert cell_text("y" * 100) == "y" * 79 + "…"
    assert column_of(RoleResource, "nope") == "nope"


def test_a_file_with_headers_only_is_refused(in_a):
    assert "no tiene filas" in str(rejection(table()).message)


class RoleImportWithoutCheck(RoleImport):
    """As if another user registered the name after the check: the database's constraint still holds."""

    unique_field = None


def test_a_concurrent_registration_ends_as_a_conflict(in_a):
    Group.objects.create(name="Retoque")
    with pytest.raises(ConflictError) as caught:
        run(table(["Retoque", "1"]), RoleImportWithoutCheck())
    assert caught.value.code == "role_duplicate"
    assert "mientras se importaba" in str(caught.value.message)
    assert Group.objects.filter(name="Retoque").count() == 1


def test_the_acting_user_is_kept_only_when_saved(make_user, tenant_a):
    assert RoleImport(acting_user=None).acting_user is None
    user = make_user(tenant_a)
    assert RoleImport(acting_user=user).acting_user == user
