"""Settings as modules declare them: a key, a type, a default, validation, a label and help text.

No models here, so a module's ``apps.py`` can import it: a module lists its settings (and
the groups they are shown in, if it adds its own) in its ``ModuleSpec``::

    from fotostudio.configuration.definitions import SettingDefinition, SettingGroup, SettingType, numbering_settings

    module_spec = ModuleSpec(
        ...,
        setting_groups=(SettingGroup("pedidos", _("Pedidos"), icon="shopping_cart"),),
        settings=(
            SettingDefinition(
                "pedidos.dias_entrega", SettingType.INTEGER, default=7, min_value=1, max_value=365,
                label=_("Días de entrega"), help=_("Plazo que se propone al registrar un pedido."),
            ),
            *numbering_settings("pedido", label=_("Pedidos"), prefix="PED"),
        ),
    )

The key's first part is its group (``pedidos.dias_entrega`` is in ``pedidos``); keys are what
the API and the grouped views show, so they are Spanish. A setting applies to the
businesses that have its module. :meth:`SettingDefinition.parse` is the one place a value
is checked: the API, the admin's forms and the services all go through it.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fotostudio.core.text import is_printable


class SettingType(models.TextChoices):
    """The value's kind; the stored values are the API's ``tipo``."""

    TEXT = "texto", _("Texto")
    INTEGER = "entero", _("Número entero")
    DECIMAL = "decimal", _("Número decimal")
    BOOLEAN = "booleano", _("Sí o no")
    EMAIL = "correo", _("Correo electrónico")
    CHOICE = "opcion", _("Una opción de una lista")
    TIMEZONE = "zona_horaria", _("Zona horaria")
    TIME = "hora", _("Hora del día")
    IMAGE = "imagen", _("Imagen")


#: The grouped API views a group can be shown in (``/api/config/system/``, ``/alerts/``, ``/backup/``).
GROUP_VIEWS = ("system", "alerts", "backup")


@dataclass(frozen=True)
class SettingGroup:
    """A page of the admin's settings and an object of the grouped API views."""

    code: str  # the first part of its settings' keys
    label: Any
    description: Any = ""
    icon: str = "settings"
    view: str = "system"  # one of GROUP_VIEWS
    order: int = 100


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA time zones this system knows (``America/Guayaquil``…)."""
    return frozenset(zoneinfo.available_timezones())


_INTEGER_TEXT = re.compile(r"^[+-]?\d{1,18}$")
_TIME_TEXT = re.compile(r"^(\d{1,2}):(\d{2})$")
_EMAIL = EmailValidator(message=_("Escriba un correo electrónico válido, como nombre@ejemplo.com."))


def _invalid(message, **params) -> ValidationError:
    return ValidationError(message, code="invalid", params=params or None)


@dataclass(frozen=True)
class SettingDefinition:
    """One setting: where it lives, what it accepts and how it is explained.

    ``tenant_field`` names a field of ``tenants.Tenant`` that *is* this setting (the time zone and
    the language every page uses): reading and writing it reads and writes the business itself.
    ``sequence`` makes it the next number of that document kind (``fotostudio.configuration.services.number_next``).
    Other settings are stored in the business's own ``configuration.Setting`` rows.
    """

    key: str
    type: str
    default: Any
    label: Any
    help: Any = ""
    #: Required: always has a value (its default until changed); cannot be deleted, only changed.
    #: Optional: empty until set; deleting it returns it to its default.
    required: bool = True
    min_value: int | Decimal | None = None
    max_value: int | Decimal | None = None
    max_length: int = 200
    decimal_places: int = 2
    choices: tuple[tuple[str, Any], ...] = ()
    #: Applied to a value of the right type before ``validators`` (``compact_document`` for a RUC).
    normalise: Callable[[Any], Any] | None = None
    validators: tuple[Callable[[Any], None], ...] = ()
    tenant_field: str | None = None
    sequence: str | None = None
    #: False: shown by the API but changed in the admin only (an image is uploaded there).
    api_writable: bool = True

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The key without its group (``tasa_iva``; ``pedido.prefijo`` for a document kind's)."""
        return self.key.split(".", 1)[1] if "." in self.key else self.key

    @property
    def stored_in_row(self) -> bool:
        return self.tenant_field is None and self.sequence is None

    @property
    def empty_value(self) -> Any:
        return (
            "" if self.type in {SettingType.TEXT, SettingType.EMAIL, SettingType.CHOICE, SettingType.TIMEZONE} else None
        )

    def choice_values(self) -> list[str]:
        return [value for value, _label in self.choices]

    # --- Values ---------------------------------------------------------------------------------

    def parse(self, raw: Any) -> Any:
        """The value ``raw`` stands for, normalised; raises ``ValidationError`` with a message for people.

        ``raw`` is what a caller sends: JSON from the API (a string, a number, a boolean…), a form's
        cleaned value, or what the database stored.
        """
        value = raw.strip() if isinstance(raw, str) else raw
        if self.type != SettingType.BOOLEAN and (value is None or value == ""):
            if self.required:
                raise ValidationError(_("Este ajuste es obligatorio."), code="required")
            return self.empty_value
        value = _PARSERS[self.type](self, value)
        if self.normalise is not None:
            value = self.normalise(value)
        for validator in self.validators:
            validator(value)
        return value

    def to_json(self, value: Any) -> Any:
        """``value`` as the API and the database hold it (decimals as text, times as ``HH:MM``)."""
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, time):
            return value.strftime("%H:%M")
        if self.type == SettingType.IMAGE:
            return value.url if value else None
        return value

    def from_json(self, stored: Any) -> Any:
        """A stored value back in Python; one that no longer passes (a range was narrowed) gives the default."""
        try:
            return self.parse(stored)
        except ValidationError:
            return self.default

    def _check_range(self, number):
        low, high = self.min_value, self.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                raise _invalid(_("Debe estar entre %(min)s y %(max)s."), min=low, max=high)
            if low is not None:
                raise _invalid(_("Debe ser %(min)s o más."), min=low)
            raise _invalid(_("Debe ser %(max)s o menos."), max=high)
        return number


def _text(definition: SettingDefinition, value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid(_("Debe ser un texto."))
    if not is_printable(value):
        raise _invalid(_("No puede contener caracteres de control."))
    if len(value) > definition.max_length:
        raise _invalid(_("Use como máximo %(max)d caracteres."), max=definition.max_length)
    return value


def _integer(definition: SettingDefinition, value: Any) -> int:
    if isinstance(value, bool):
        raise _invalid(_("Debe ser un número entero."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER_TEXT.match(value):
        number = int(value)
    elif isinstance(value, float | Decimal) and Decimal(value).is_finite() and Decimal(value) == int(value):
        number = int(value)
    else:
        raise _invalid(_("Debe ser un número entero."))
    return definition._check_range(number)


def _decimal(definition: SettingDefinition, value: Any) -> Decimal:
    message = _("Debe ser un número, con punto decimal (por ejemplo 15.00).")
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _invalid(message)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _invalid(message) from None
    if not number.is_finite():
        raise _invalid(message)
    definition._check_range(number)
    if -number.normalize().as_tuple().exponent > definition.decimal_places:
        raise _invalid(_("Use como máximo %(places)d decimales."), places=definition.decimal_places)
    return number.quantize(Decimal(1).scaleb(-definition.decimal_places), rounding=ROUND_HALF_UP)


def _boolean(definition: SettingDefinition, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _invalid(_("Debe ser verdadero o falso (true o false)."))


def _email(definition: SettingDefinition, value: Any) -> str:
    value = _text(definition, value).lower()
    _EMAIL(value)
    return value


def _choice(definition: SettingDefinition, value: Any) -> str:
    if not isinstance(value, str) or value not in definition.choice_values():
        raise _invalid(_("Use una de estas opciones: %(choices)s."), choices=", ".join(definition.choice_values()))
    return value


def _timezone(definition: SettingDefinition, value: Any) -> str:
    if not isinstance(value, str) or value not in time_zones():
        raise _invalid(_("No es una zona horaria válida: use un nombre como America/Guayaquil."))
    return value


def _time(definition: SettingDefinition, value: Any) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    match = _TIME_TEXT.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise _invalid(_("Debe ser una hora del día en formato HH:MM (por ejemplo 02:30)."))
    return time(int(match[1]), int(match[2]))


def _image(definition: SettingDefinition, value: Any) -> Any:
    if isinstance(value, str | int | float | bool | list | dict):
        raise _invalid(_("Suba la imagen desde el panel de administración."))
    return value


_PARSERS: dict[str, Callable[[SettingDefinition, Any], Any]] = {
    SettingType.TEXT: _text,
    SettingType.INTEGER: _integer,
    SettingType.DECIMAL: _decimal,
    SettingType.BOOLEAN: _boolean,
    SettingType.EMAIL: _email,
    SettingType.CHOICE: _choice,
    SettingType.TIMEZONE: _timezone,
    SettingType.TIME: _time,
    SettingType.IMAGE: _image,
}

# --- Document numbering ---------------------------------------------------------------------------

NUMBERING_GROUP = "numeracion"
#: A document kind's code: lower-case letters, digits and underscores (``pedido``, ``orden_produccion``).
DOCUMENT_KIND = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
PREFIX = re.compile(r"^[A-Z0-9]{1,10}$")
#: The highest next number a sequence may be set to.
MAX_DOCUMENT_NUMBER = 10**12 - 1


def prefix_key(kind: str) -> str:
    return f"{NUMBERING_GROUP}.{kind}.prefijo"


def next_number_key(kind: str) -> str:
    return f"{NUMBERING_GROUP}.{kind}.siguiente"


def validate_prefix(value: str) -> None:
    if not PREFIX.match(value):
        raise _invalid(_("Use de 1 a 10 letras sin tildes o dígitos, sin espacios (por ejemplo PED)."))


def numbering_settings(kind: str, *, label: Any, prefix: str) -> tuple[SettingDefinition, SettingDefinition]:
    """The two settings of a document kind: its prefix and its next number.

    A module that numbers its documents lists them in its ``ModuleSpec.settings`` and calls
    ``fotostudio.configuration.services.number_next(kind)`` inside the transaction that saves
    each document (``PED-2026-00001``).
    """
    return (
        SettingDefinition(
            prefix_key(kind),
            SettingType.TEXT,
            default=prefix,
            label=format_lazy("{} · {}", label, _("prefijo")),
            help=_("Letras al principio del número, en mayúsculas (por ejemplo PED)."),
            max_length=10,
            normalise=str.upper,
            validators=(validate_prefix,),
        ),
        SettingDefinition(
            next_number_key(kind),
            SettingType.INTEGER,
            default=1,
            label=format_lazy("{} · {}", label, _("siguiente número")),
            help=_(
                "El número que recibirá el próximo documento. Solo puede aumentar: un número ya emitido no se repite."
            ),
            min_value=1,
            max_value=MAX_DOCUMENT_NUMBER,
            sequence=kind,
        ),
    )
