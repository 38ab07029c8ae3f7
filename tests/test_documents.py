import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from stdnum.ec import ci as ec_ci

from fotostudio.core import documents as validators
from fotostudio.core.documents import (
    DocumentType,
    compact_document,
    compact_phone,
    document_type_choices,
    guess_document_type,
    make_cedula,
    make_company_ruc,
    register_document_type,
    validate_document,
    validate_phone,
)


def is_valid(document_type: str, number: str) -> bool:
    try:
        validate_document(document_type, number)
    except ValidationError:
        return False
    return True


def message_of(document_type, number):
    with pytest.raises(ValidationError) as caught:
        validate_document(document_type, number)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "number", ["1710034065", make_cedula(province=1, serial=5), make_cedula(province=24, serial=9)]
)
def test_valid_cedulas_pass(number):
    assert is_valid("cedula", number)


def test_cedula_with_wrong_check_digit_says_so():
    assert "dígito verificador" in message_of("cedula", "1710034064")


def test_cedula_with_nine_digits_says_ten_are_needed():
    assert "10 dígitos" in message_of("cedula", "171003406")


def test_cedula_with_letters_says_digits_only():
    assert "solo puede contener dígitos" in message_of("cedula", "17100340AB")


@pytest.mark.parametrize("number", ["2510034065", "0010034065", "1770034065"])
def test_cedula_with_unknown_province_or_third_digit_is_refused(number):
    assert "provincia o el tercer dígito" in message_of("cedula", number)


@pytest.mark.parametrize(
    "number",
    [
        "1710034065001",  # natural person: cédula + establishment
        make_company_ruc(province=17, serial=7),  # company (third digit 9)
        "1760001550001",  # public institution (third digit 6)
    ],
)
def test_valid_rucs_pass(number):
    assert is_valid("ruc", number)


def test_ruc_with_establishment_000_is_refused():
    assert "no es válido" in message_of("ruc", "1710034065000")


def test_ruc_with_ten_digits_says_thirteen_are_needed():
    assert "13 dígitos" in message_of("ruc", "1710034065")


def test_company_ruc_with_wrong_check_digit_is_refused():
    number = make_company_ruc(province=17, serial=7)
    wrong = number[:9] + str((int(number[9]) + 1) % 10) + number[10:]
    with pytest.raises(ValidationError):
        validate_document("ruc", wrong)


@pytest.mark.parametrize("number", ["A1234567", "X12345", "PASAPORTE123"])
def test_passports_are_letters_and_digits(number):
    assert is_valid("pasaporte", number)


@pytest.mark.parametrize("number", ["AB12", "A1234!", "Ñ123456"])
def test_odd_passports_are_refused(number):
    assert "pasaporte" in message_of("pasaporte", number).lower()


def test_unknown_document_type_lists_the_valid_ones():
    assert "cedula" in message_of("dni", "12345678")


def test_compact_document_drops_separators_and_upper_cases():
    assert compact_document(" 17-1003406.5 ") == "1710034065"
    assert compact_document("ab 123 456") == "AB123456"
    assert compact_document(None) == ""


@pytest.mark.parametrize(
    ("number", "expected"),
    [("1710034065", "cedula"), ("1710034065001", "ruc"), ("AB123456", None), ("12345", None)],
)
def test_document_type_is_guessed_from_the_number(number, expected):
    assert guess_document_type(number) == expected


def test_a_new_country_is_one_registration_and_a_setting(monkeypatch):
    def validate_dni(number):
        if not (len(number) == 8 and number.isdigit()):
            raise ValidationError("El DNI tiene 8 dígitos.")

    monkeypatch.setattr(validators, "_registry", dict(validators._registry))
    register_document_type(
        DocumentType(code="dni_pe", label="DNI (Perú)", validate=validate_dni, looks_like=lambda n: len(n) == 8)
    )
    with override_settings(IDENTITY_DOCUMENT_TYPES=["dni_pe", "pasaporte"]):
        assert [code for code, _label in document_type_choices()] == ["dni_pe", "pasaporte"]
        validate_document("dni_pe", "12345678")
        assert guess_document_type("12345678") == "dni_pe"
        with pytest.raises(ValidationError):
            validate_document("cedula", "1710034065")  # switched off in this installation


@pytest.mark.parametrize(("raw", "expected"), [("(02) 245-6789", "022456789"), ("+593 99 123 4567", "+593991234567")])
def test_phones_are_stored_without_separators(raw, expected):
    assert compact_phone(raw) == expected
    validate_phone(expected)


@pytest.mark.parametrize("phone", ["12", "099-ABC-1234", "+59399123456789012"])
def test_bad_phones_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(compact_phone(phone))


def test_a_cedula_with_a_third_digit_of_6_is_refused():
    """Public-sector RUCs use 6 there; a person's cédula never does (python-stdnum accepts it)."""
    body = "176000000"
    check = next(digit for digit in "0123456789" if ec_ci.is_valid(body + digit))
    assert message_of("cedula", body + check).startswith("La cédula no es válida: el tercer dígito")
    assert is_valid("cedula", make_cedula(province=17, serial=5_999_999))  # third digit 5 is a person's
