"""The shared spreadsheet columns (``fotostudio.spreadsheets.resources``): safe exports and forgiving cells."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.test import override_settings
from django.utils import timezone, translation
from django_tenants.utils import schema_context
from import_export import resources as library
from import_export.fields import Field
from import_export.formats.base_formats import CSV, XLSX

from fotostudio.spreadsheets import formats
from fotostudio.spreadsheets.resources import (
    ChoiceWidget,
    CountWidget,
    DateTimeWidget,
    DateWidget,
    DecimalWidget,
    LeadingZeroWidget,
    ModelResource,
    TextWidget,
    UserWidget,
    VocabularyResource,
    YesNoWidget,
    fold_key,
    neutralise_formula,
)
from fotostudio.users.models import Role, User


@pytest.fixture(autouse=True)
def spanish():
    """The messages checked here are the Spanish source strings (another test may have left English active)."""
    with translation.override("es"):
        yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("==1+1", "'==1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-A1", "'-A1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+593 99 123 4567", "+593 99 123 4567"),
        ("-12.5", "-12.5"),
        ("Ana", "Ana"),
        ("", ""),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


class StaffResource(ModelResource):
    usuario = Field(attribute="username", column_name="usuario", widget=TextWidget())
    nombre = Field(attribute="full_name", column_name="nombre", widget=TextWidget())
    telefono = Field(attribute="phone", column_name="telefono", widget=LeadingZeroWidget(lengths=(9,)))
    es_activo = Field(attribute="is_active", column_name="es_activo", widget=YesNoWidget())
    ultimo_acceso = Field(attribute="last_login", column_name="ultimo_acceso", widget=DateTimeWidget(), readonly=True)
    roles = Field(column_name="roles", readonly=True)

    required_columns = ("usuario",)
    import_examples = ({"usuario": "ana", "nombre": "Ana Pérez", "extra": "ignored"},)

    class Meta:
        model = User
        fields = export_order = ("usuario", "nombre", "telefono", "es_activo", "ultimo_acceso", "roles")

    def dehydrate_roles(self, user):
        """A computed column with nothing to show for this user."""
        return ", ".join(group.name for group in user.groups.all()) or None


class LibraryStaffResource(library.ModelResource):
    roles = Field(column_name="roles")

    class Meta:
        model = User
        fields = ("username", "full_name", "roles")

    def dehydrate_roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or None


@pytest.fixture
def risky_user(make_user, tenant_a):
    user = make_user(tenant_a, full_name="==cmd|' /C calc'!A0", phone="")
    with schema_context(tenant_a.schema_name):
        yield User.objects.filter(pk=user.pk)


def xlsx_rows(resource, queryset) -> list[tuple]:
    """What the admin's export does for XLSX: native values, then the format (which escapes)."""
    content = XLSX().export_data(resource.export(queryset, force_native_type=True))
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


@override_settings(IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT=True)
def test_xlsx_export_neutralises_formulas_and_keeps_blanks_blank(risky_user):
    header, row = xlsx_rows(StaffResource(), risky_user)
    assert header == ("usuario", "nombre", "telefono", "es_activo", "ultimo_acceso", "roles")
    values = dict(zip(header, row, strict=True))
    assert values["nombre"] == "'==cmd|' /C calc'!A0"
    assert values["es_activo"] == "sí"
    assert values["telefono"] is values["ultimo_acceso"] is values["roles"] is None  # empty cells
    assert "None" not in row


@override_settings(IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT=True)
def test_why_the_base_resource_exists(risky_user):
    """The library alone writes "None" for a blank XLSX cell and leaves ``=cmd`` (one ``=`` stripped) live."""
    header, row = xlsx_rows(LibraryStaffResource(), risky_user)
    values = dict(zip(header, row, strict=True))
    assert values["roles"] == "None"
    assert values["full_name"].startswith("=cmd")


def test_csv_export_is_safe_too(risky_user):
    content = CSV().export_data(StaffResource().export(risky_user))
    assert content.splitlines()[1].endswith(",'==cmd|' /C calc'!A0,,sí,,")


def test_import_columns_template_and_export_only_columns():
    assert [field.column_name for field in StaffResource.import_columns()] == [
        "usuario",
        "nombre",
        "telefono",
        "es_activo",
    ]
    assert StaffResource.export_only_columns() == {"ultimo_acceso", "roles"}
    assert StaffResource.import_template() == (
        ["usuario", "nombre", "telefono", "es_activo"],
        [["ana", "Ana Pérez", "", ""]],
    )


# --- Cells -------------------------------------------------------------------------------------------


def test_fold_key_ignores_case_accents_and_punctuation():
    assert fold_key("  Correo Electrónico ") == "correo_electronico"
    assert fold_key("Nº de teléfono") == "n_de_telefono"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(None, ""), ("  Ana  ", "Ana"), (991234567.0, "991234567"), (12.5, "12.5"), (True, "True")],
)
def test_text_cells(cell, expected):
    assert TextWidget().clean(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(100000041, "0100000041"), (100000041.0, "0100000041"), ("100000041", "100000041"), (1234, "1234")],
)
def test_leading_zeros_come_back_only_to_numeric_cells_of_the_given_lengths(cell, expected):
    assert LeadingZeroWidget(lengths=(9,)).clean(cell) == expected


def test_choice_cells_take_code_label_or_alias_in_any_case_and_accents():
    widget = ChoiceWidget(Role.choices, default=Role.READ_ONLY, aliases={"jefe": Role.MANAGER})
    assert widget.clean("ventas") == Role.SALES
    assert widget.clean("PRODUCCION") == Role.PRODUCTION
    assert widget.clean("Jefe") == Role.MANAGER
    assert widget.clean("  ") == Role.READ_ONLY
    with pytest.raises(ValueError, match="«becario» no es un valor válido; use: Administrador"):
        widget.clean("becario")
    assert (widget.render(None), widget.render(Role.SALES)) == ("", "Ventas")


def test_choice_cells_read_callable_choices_each_time():
    choices = [("a", "Uno")]
    widget = ChoiceWidget(lambda: choices)
    assert widget.clean("uno") == "a"
    choices.append(("b", "Dos"))
    assert widget.clean("dos") == "b"
    assert widget.valid_text() == "a, b"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("sí", True), ("SI", True), ("x", True), (1, True), (True, True), ("no", False), ("Inactivo", False), ("", True)],
)
def test_yes_no_cells(cell, expected):
    assert YesNoWidget().clean(cell) is expected


def test_yes_no_refuses_anything_else_and_renders_si_no():
    with pytest.raises(ValueError, match="quizás"):
        YesNoWidget().clean("quizás")
    assert (YesNoWidget().render(True), YesNoWidget().render(False)) == ("sí", "no")
    assert YesNoWidget(default=False).clean(None) is False


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.200", 1200), ("1,200", 1200), ("1 250", 1250), (850.0, 850), ("-3", -3), ("", None), (None, None)],
)
def test_count_cells(cell, expected):
    assert CountWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["doce", "1.5", 2.5])
def test_count_cells_refuse_what_is_not_a_whole_number(cell):
    with pytest.raises(ValueError, match="no es un número entero"):
        CountWidget().clean(cell)


def test_export_only_widgets():
    moment = timezone.make_aware(timezone.datetime(2026, 3, 1, 14, 30), timezone.get_fixed_timezone(0))
    with timezone.override("America/Guayaquil"):
        assert DateTimeWidget().render(moment) == "2026-03-01 09:30"
    assert DateTimeWidget().render(None) == ""
    assert CountWidget().render(None) == "" and CountWidget().render(5) == "5"
    assert UserWidget().render(User(username="ana")) == "ana"
    assert UserWidget().render(None) == ""


def test_numbers_and_dates_are_native_for_xlsx_and_text_for_csv():
    moment = timezone.make_aware(timezone.datetime(2026, 3, 1, 14, 30, 15, 999), timezone.get_fixed_timezone(0))
    native = {"force_native_type": True}
    with timezone.override("America/Guayaquil"):
        assert DateTimeWidget().render(moment, **native) == datetime.datetime(2026, 3, 1, 9, 30, 15)  # noqa: DTZ001 (XLSX)
    assert (CountWidget().render(850, **native), CountWidget().render(None, **native)) == (850, "")
    assert DecimalWidget().render(Decimal("12.50"), **native) == Decimal("12.50")
    assert DecimalWidget().render(Decimal("12.50")) == "12.50"
    assert (DecimalWidget().render(None), DateWidget().render(None)) == ("", "")
    assert DateWidget().render(datetime.date(2026, 3, 1), **native) == datetime.date(2026, 3, 1)
    assert DateWidget().render(datetime.date(2026, 3, 1)) == "2026-03-01"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12.50", Decimal("12.50")),
        ("12,50", Decimal("12.50")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        (" 1 250 ", Decimal("1250")),
        (12.5, Decimal("12.5")),
        (7, Decimal("7")),
        ("", None),
    ],
)
def test_decimal_cells(cell, expected):
    assert DecimalWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["doce", "1,2,3.4.5", "NaN", "Infinity"])
def test_decimal_cells_refuse_what_is_not_a_number(cell):
    with pytest.raises(ValueError, match="no es un número"):
        DecimalWidget().clean(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-01", datetime.date(2026, 3, 1)),
        ("01/03/2026", datetime.date(2026, 3, 1)),
        ("1-3-2026", datetime.date(2026, 3, 1)),
        (datetime.datetime(2026, 3, 1, 10, 0), datetime.date(2026, 3, 1)),  # noqa: DTZ001 (an XLSX cell)
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)),
        (None, None),
    ],
)
def test_date_cells(cell, expected):
    assert DateWidget().clean(cell) == expected


def test_a_date_cell_that_is_not_a_date_says_how_to_write_it():
    with pytest.raises(ValueError, match="31/12/2026"):
        DateWidget().clean("marzo")


def test_xlsx_files_store_numbers_and_dates_natively_and_cut_long_text_visibly():
    data = tablib.Dataset(
        [Decimal("12.50"), 3, datetime.date(2026, 3, 1), "=1+1", "x" * 40_000, "a\x07b"],
        headers=["monto", "cantidad", "fecha", "formula", "largo", "control"],
        title="Ventas",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(formats.XLSX().export_data(data)))
    assert workbook.active.title == "Ventas"
    amount, count, day, formula, long, control = next(workbook.active.iter_rows(min_row=2))
    assert (amount.data_type, amount.value, count.value) == ("n", 12.5, 3)
    assert day.is_date and day.value == datetime.datetime(2026, 3, 1)  # noqa: DTZ001 (XLSX)
    assert (formula.data_type, formula.value) == ("s", "'=1+1")
    assert len(long.value) == formats.XLSX_CELL_CHARS and "texto cortado" in long.value
    assert control.value == "a\N{REPLACEMENT CHARACTER}b"
    assert formats.xlsx_text("corto") == "corto"


def test_csv_files_start_with_a_bom_and_are_text():
    data = tablib.Dataset(["Begoña", "=1+1", 3], headers=["nombre", "formula", "cantidad"])
    content = formats.CSV().export_data(data)
    assert content.startswith("\ufeffnombre,formula,cantidad")
    assert content.splitlines()[1] == "Begoña,'=1+1,3"
    assert formats.CSV().get_content_type() == "text/csv; charset=utf-8"


def test_amounts_and_days_get_their_widgets_from_the_model_field():
    from django.db import models

    assert isinstance(
        VocabularyResource.default_widget(models.DecimalField(max_digits=9, decimal_places=2)), DecimalWidget
    )
    assert isinstance(VocabularyResource.default_widget(models.DateField()), DateWidget)
    assert isinstance(VocabularyResource.default_widget(models.DateTimeField()), DateTimeWidget)
