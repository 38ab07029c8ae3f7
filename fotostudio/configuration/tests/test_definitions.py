"""Each type's rules: what a setting accepts, how it normalises it, and what it says when it refuses."""

from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fotostudio.configuration import catalogue
from fotostudio.configuration.checks import _check_definition, check_settings
from fotostudio.configuration.definitions import (
    SettingDefinition,
    SettingType,
    numbering_settings,
)
from fotostudio.configuration.registry import all_setting_definitions, setting_definition


def definition(key: str) -> SettingDefinition:
    return setting_definition(key)


def refusal(key: str, value) -> str:
    with pytest.raises(ValidationError) as caught:
        definition(key).parse(value)
    return caught.value.messages[0]


def test_every_declared_setting_passes_the_system_checks():
    assert check_settings() == []
    keys = {d.key for d in all_setting_definitions()}
    assert {catalogue.IVA_RATE, catalogue.TIMEZONE, catalogue.LANGUAGE, catalogue.MAINTENANCE} <= keys


def test_integers_are_whole_numbers_inside_their_range():
    days = catalogue.CONTRACT_EXPIRY_DAYS
    assert definition(days).parse(45) == 45
    assert definition(days).parse("45") == 45
    assert definition(days).parse(45.0) == 45
    assert refusal(days, 0) == "Debe estar entre 1 y 365."
    assert refusal(days, 366) == "Debe estar entre 1 y 365."
    for wrong in (True, 4.5, "cuarenta", [45], {"dias": 45}):
        assert refusal(days, wrong) == "Debe ser un número entero."


def test_decimals_keep_their_places_and_range():
    rate = catalogue.IVA_RATE
    assert definition(rate).parse("15") == Decimal("15.00")
    assert definition(rate).parse(12.5) == Decimal("12.50")
    assert definition(rate).parse("15.000") == Decimal("15.00")
    assert refusal(rate, "15.125") == "Use como máximo 2 decimales."
    assert refusal(rate, "101") == "Debe estar entre 0 y 100."
    assert refusal(rate, "-1") == "Debe estar entre 0 y 100."
    for wrong in (True, "quince", "NaN", "Infinity", [15]):
        assert refusal(rate, wrong) == "Debe ser un número, con punto decimal (por ejemplo 15.00)."


def test_booleans_are_only_true_or_false():
    assert definition(catalogue.MAINTENANCE).parse(True) is True
    for wrong in ("true", 1, 0, None, "sí"):
        assert refusal(catalogue.MAINTENANCE, wrong) == "Debe ser verdadero o falso (true o false)."


def test_time_zones_must_exist():
    assert definition(catalogue.TIMEZONE).parse(" America/Lima ") == "America/Lima"
    for wrong in ("Marte/Olympus", "america/guayaquil", 5, ""):
        message = refusal(catalogue.TIMEZONE, wrong)
        assert message in {
            "No es una zona horaria válida: use un nombre como America/Guayaquil.",
            "Este ajuste es obligatorio.",
        }


def test_e_mails_are_checked_and_lower_cased():
    assert definition(catalogue.BUSINESS_EMAIL).parse(" Info@Estudio.EC ") == "info@estudio.ec"
    assert (
        refusal(catalogue.BUSINESS_EMAIL, "info@") == "Escriba un correo electrónico válido, como nombre@ejemplo.com."
    )
    assert definition(catalogue.BUSINESS_EMAIL).parse("") == ""  # optional: empty is "not set"


def test_the_ruc_is_checked_with_the_documents_rules():
    assert definition(catalogue.BUSINESS_RUC).parse("1790042421-001") == "1790042421001"
    assert (
        refusal(catalogue.BUSINESS_RUC, "1790042422001") == "El RUC no es válido: el dígito verificador no corresponde."
    )
    assert refusal(catalogue.BUSINESS_RUC, "179004") == "El RUC debe tener 13 dígitos."


def test_phones_are_compacted_then_checked():
    assert definition(catalogue.BUSINESS_PHONE).parse("(02) 245-6789") == "022456789"
    assert (
        refusal(catalogue.BUSINESS_PHONE, "12")
        == "Teléfono no válido: use de 7 a 15 dígitos, con un «+» inicial opcional."
    )


def test_choices_list_what_they_accept():
    assert definition(catalogue.CURRENCY).parse("EUR") == "EUR"
    assert refusal(catalogue.CURRENCY, "BTC") == "Use una de estas opciones: USD, EUR, COP, PEN."


def test_times_are_hours_of_the_day():
    assert definition(catalogue.BACKUP_TIME).parse("3:05") == time(3, 5)
    assert definition(catalogue.BACKUP_TIME).to_json(time(3, 5)) == "03:05"
    for wrong in ("25:00", "03:60", "tres", 3):
        assert (
            refusal(catalogue.BACKUP_TIME, wrong) == "Debe ser una hora del día en formato HH:MM (por ejemplo 02:30)."
        )


def test_texts_refuse_control_characters_and_long_values():
    assert refusal(catalogue.BUSINESS_LEGAL_NAME, "Estudio\x00Foto") == "No puede contener caracteres de control."
    assert refusal(catalogue.BUSINESS_LEGAL_NAME, "x" * 201) == "Use como máximo 200 caracteres."
    assert refusal(catalogue.BUSINESS_LEGAL_NAME, 42) == "Debe ser un texto."


def test_a_required_setting_cannot_be_empty_and_an_optional_one_can():
    assert refusal(catalogue.CURRENCY, "") == "Este ajuste es obligatorio."
    assert refusal(catalogue.IVA_RATE, None) == "Este ajuste es obligatorio."
    assert definition(catalogue.BUSINESS_LEGAL_NAME).parse(None) == ""


def test_a_stored_value_that_no_longer_passes_reads_as_the_default():
    assert definition(catalogue.MONEY_DECIMALS).from_json(9) == 2
    assert definition(catalogue.IVA_RATE).from_json("12.00") == Decimal("12.00")


def test_a_document_kind_brings_its_prefix_and_next_number():
    prefix, next_number = numbering_settings("pedido", label="Pedidos", prefix="PED")
    assert (prefix.key, next_number.key) == ("numeracion.pedido.prefijo", "numeracion.pedido.siguiente")
    assert prefix.parse(" ped ") == "PED"
    with pytest.raises(ValidationError):
        prefix.parse("PED-1")
    assert next_number.sequence == "pedido" and next_number.name == "pedido.siguiente"


@pytest.mark.parametrize(
    ("declaration", "problem"),
    [
        (SettingDefinition("Moneda.Tasa", SettingType.INTEGER, default=1, label="x"), "configuration.E001"),
        (SettingDefinition("pedidos.plazo", SettingType.INTEGER, default=1, label="x"), "configuration.E002"),
        (SettingDefinition("moneda.x", "fecha", default=1, label="x"), "configuration.E003"),
        (SettingDefinition("moneda.x", SettingType.CHOICE, default="a", label="x"), "configuration.E003"),
        (
            SettingDefinition("moneda.x", SettingType.TEXT, default="a", label="x", tenant_field="name"),
            "configuration.E004",
        ),
        (SettingDefinition("moneda.x", SettingType.INTEGER, default=0, min_value=1, label="x"), "configuration.E005"),
        (SettingDefinition("moneda.x", SettingType.TEXT, default="", label="x"), "configuration.E005"),
        (SettingDefinition("moneda.x", SettingType.EMAIL, default="Info@X.EC", label="x"), "configuration.E005"),
    ],
)
def test_a_bad_declaration_is_reported_at_start_up(declaration, problem):
    groups = {"moneda", "empresa"}
    assert problem in {error.id for error in _check_definition(declaration, groups)}
