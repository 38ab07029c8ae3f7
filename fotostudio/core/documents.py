"""Identity documents as a small registry, and the phone number rule, for every module.

Clients, suppliers, users and the agro vertical's producers are identified the same way.

A document type knows how to compact a number (drop spaces, dashes, dots) and
how to validate it. Ecuador's types come built in (``cedula`` and ``ruc``, with
their check digits, from python-stdnum) plus ``pasaporte`` for foreigners.
Another country is one :func:`register_document_type` call (for example in a
module's ``AppConfig.ready``), and the setting ``IDENTITY_DOCUMENT_TYPES`` (a list
of codes, in order) chooses which types the forms, the API and the imports
offer. Stored codes stay valid when a type is switched off: the model's choices
are read from the registry at validation time, so no migration is needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.ec import ci as ec_ci
from stdnum.ec import ruc as ec_ruc

_SEPARATORS = re.compile(r"[\s\-.]")


def compact_document(number: Any) -> str:
    """The number without separators, upper-cased (``17-1003406 5`` → ``1710034065``)."""
    return _SEPARATORS.sub("", str(number or "")).upper()


@dataclass(frozen=True)
class DocumentType:
    code: str
    label: Any
    #: ``(compact number) -> None``; raises ``django.core.exceptions.ValidationError``.
    validate: Callable[[str], None]
    #: ``(compact number) -> bool``: whether a number with no declared type looks like this one.
    looks_like: Callable[[str], bool] = lambda number: False


def _stdnum_validator(module, messages: dict) -> Callable[[str], None]:
    """Wrap a python-stdnum module; ``messages`` maps its exception types to sentences for the user."""

    def validate(number: str) -> None:
        try:
            module.validate(number)
        except stdnum_errors.ValidationError as exc:
            message = messages.get(type(exc), messages[stdnum_errors.InvalidChecksum])
            raise ValidationError(message, code="invalid_document") from exc

    return validate


_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")


def _validate_passport(number: str) -> None:
    if not _PASSPORT.match(number):
        raise ValidationError(
            _("El pasaporte debe tener de 5 a 20 letras o dígitos."), code="invalid_document", params={}
        )


_validate_ci = _stdnum_validator(
    ec_ci,
    {
        stdnum_errors.InvalidLength: _("La cédula debe tener 10 dígitos."),
        stdnum_errors.InvalidFormat: _("La cédula solo puede contener dígitos."),
        stdnum_errors.InvalidComponent: _(
            "La cédula no es válida: el código de provincia o el tercer dígito no existen."
        ),
        stdnum_errors.InvalidChecksum: _("La cédula no es válida: el dígito verificador no corresponde."),
    },
)


def _validate_cedula(number: str) -> None:
    """A natural person's cédula: python-stdnum's checks, and a third digit from 0 to 5.

    python-stdnum accepts 6 there, which only public-sector RUCs use (9 is for companies).
    """
    _validate_ci(number)
    if number[2] > "5":
        raise ValidationError(
            _("La cédula no es válida: el tercer dígito de una persona va de 0 a 5 (6 es de entidades públicas)."),
            code="invalid_document",
        )


CEDULA = DocumentType(
    code="cedula",
    label=_("Cédula (Ecuador)"),
    validate=_validate_cedula,
    looks_like=lambda number: len(number) == 10 and number.isdigit(),
)
RUC = DocumentType(
    code="ruc",
    label=_("RUC (Ecuador)"),
    validate=_stdnum_validator(
        ec_ruc,
        {
            stdnum_errors.InvalidLength: _("El RUC debe tener 13 dígitos."),
            stdnum_errors.InvalidFormat: _("El RUC solo puede contener dígitos."),
            stdnum_errors.InvalidComponent: _(
                "El RUC no es válido: el código de provincia, el tercer dígito o el establecimiento no existen."
            ),
            stdnum_errors.InvalidChecksum: _("El RUC no es válido: el dígito verificador no corresponde."),
        },
    ),
    looks_like=lambda number: len(number) == 13 and number.isdigit(),
)
PASSPORT = DocumentType(code="pasaporte", label=_("Pasaporte"), validate=_validate_passport)

_registry: dict[str, DocumentType] = {}


def register_document_type(document_type: DocumentType) -> DocumentType:
    """Add (or replace) a document type; its ``code`` is what the database and the API store."""
    _registry[document_type.code] = document_type
    return document_type


for _builtin in (CEDULA, RUC, PASSPORT):
    register_document_type(_builtin)


def document_types() -> list[DocumentType]:
    """The types this installation offers, in the order of ``IDENTITY_DOCUMENT_TYPES``."""
    codes = getattr(settings, "IDENTITY_DOCUMENT_TYPES", None) or list(_registry)
    return [_registry[code] for code in codes if code in _registry]


def document_type_choices() -> list[tuple[str, Any]]:
    """Model and form choices (a callable, so registering a type needs no migration)."""
    return [(document_type.code, document_type.label) for document_type in document_types()]


def guess_document_type(number: str) -> str | None:
    """The type a compact number looks like (10 digits: cédula, 13: RUC), if exactly one fits."""
    matches = [document_type.code for document_type in document_types() if document_type.looks_like(number)]
    return matches[0] if len(matches) == 1 else None


def validate_document(document_type: str, number: str) -> None:
    """Check a compact number against its type's rules (length, format, check digit)."""
    chosen = {document_type.code: document_type for document_type in document_types()}.get(document_type)
    if chosen is None:
        raise ValidationError(
            _("Tipo de documento no válido: use %(valid)s.")
            % {"valid": ", ".join(code for code, _l in document_type_choices())},
            code="invalid_document_type",
        )
    chosen.validate(number)


_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
_PHONE = re.compile(r"^\+?\d{7,15}$")


def compact_phone(value: Any) -> str:
    """``(02) 245-6789`` → ``022456789``; a leading ``+`` stays."""
    return _PHONE_SEPARATORS.sub("", str(value or "").strip())


def validate_phone(value: str) -> None:
    if value and not _PHONE.match(value):
        raise ValidationError(
            _("Teléfono no válido: use de 7 a 15 dígitos, con un «+» inicial opcional."), code="invalid_phone"
        )


# --- Numbers for demo data and tests ---------------------------------------------------------


def make_cedula(*, province: int, serial: int) -> str:
    """A natural person's cédula with a valid check digit (modulus 10, coefficients 2-1-2-1…).

    ``serial`` (0 to 5,999,999) picks the third digit (0-5, as for people) and the six after it.
    """
    body = f"{province:02d}{serial // 1_000_000 % 6}{serial % 1_000_000:06d}"
    total = 0
    for index, char in enumerate(body):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return body + str((10 - total % 10) % 10)


def make_company_ruc(*, province: int, serial: int, step: int = 1) -> str:
    """A juridical person's RUC (third digit 9, modulus 11, establishment 001).

    ``serial`` picks the six digits after the 9. Some have no valid check digit; then
    ``serial + step``, ``serial + 2 * step``… are tried (a large step keeps a sequence of
    serials from landing on each other's numbers).
    """
    while True:
        body = f"{province:02d}9{serial % 1_000_000:06d}"
        check = (11 - sum(w * int(d) for w, d in zip((4, 3, 2, 7, 6, 5, 4, 3, 2), body, strict=True)) % 11) % 11
        if check != 10:
            return f"{body}{check}001"
        serial += step
