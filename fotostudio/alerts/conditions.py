"""Rule conditions: Common Expression Language (CEL, ``cel-python``), checked on save, never ``eval``.

CEL is small and not Turing-complete: no loops beyond the bounded macros (``exists``, ``all``…), no
assignments, no access to anything but the variables given. A condition sees:

- ``registro``: the record that changed, as a map with the **Spanish keys of its module's
  vocabulary** (the API's keys: a material's ``stock_actual``, a lot's ``humedad``…); decimals are
  doubles, dates and date-times ISO text, related records their id as text, empty values ``null``;
- ``tipo_registro``: the record's link key (``material``, ``lote``, ``cliente``…);
- ``ahora``: the current time (a CEL ``timestamp``).

Examples: ``registro.stock_actual < registro.stock_minimo``, ``tipo_registro == "lote" &&
registro.humedad > 14.0``, ``has(registro.fecha_fin) && registro.fecha_fin < "2026-12-31"``.
A condition that does not evaluate to ``true`` (``false``, not a boolean, or an error such as a key
the record lacks) raises nothing.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import celpy
from celpy import celtypes
from celpy.evaluation import base_functions
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from lark import Tree

from fotostudio.core.vocabulary import all_vocabularies

logger = logging.getLogger(__name__)

VARIABLES = ("registro", "tipo_registro", "ahora")
MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
MAX_LENGTH = 1000


@dataclass(frozen=True)
class ConditionError(Exception):
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("%(message)s (línea %(line)d, columna %(column)d)") % {
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


_environment = celpy.Environment()


#: Functions a condition may call: CEL's standard ones and the ``has()`` macro.
FUNCTIONS = frozenset(name for name in base_functions if name[0].isalpha()) | {"has"}


def _identifiers(tree: Tree) -> tuple[set[str], set[str], set[str]]:
    """(identifiers used, identifiers bound by macros such as ``exists(x, …)``, functions called)."""
    used, bound, called = set(), set(), set()
    for node in tree.iter_subtrees():
        if node.data == "ident":
            used.add(str(node.children[0]))
        elif node.data == "ident_arg":
            called.add(str(node.children[0]))
        elif node.data == "member_dot_arg" and len(node.children) >= 3:
            method, arguments = str(node.children[1]), node.children[2]
            if method in MACROS and isinstance(arguments, Tree) and arguments.children:
                first = arguments.children[0]
                idents = [sub for sub in first.iter_subtrees() if sub.data == "ident"]
                if len(idents) == 1:
                    bound.add(str(idents[0].children[0]))
    return used, bound, called


@lru_cache(maxsize=512)
def compile_condition(text: str):
    """The compiled program of ``text``; :class:`ConditionError` saying where it is wrong."""
    text = (text or "").strip()
    if not text:
        raise ConditionError(_("Escriba una condición."))
    if len(text) > MAX_LENGTH:
        raise ConditionError(_("La condición no puede pasar de %(max)d caracteres.") % {"max": MAX_LENGTH})
    try:
        tree = _environment.compile(text)
    except celpy.CELParseError as exc:
        detail = str(exc.args[0]).splitlines()[0] if exc.args else ""
        raise ConditionError(
            _("La condición no es una expresión CEL válida cerca de «%(near)s».") % {"near": detail.strip()[:60]},
            line=getattr(exc, "line", None),
            column=getattr(exc, "column", None),
        ) from None
    used, bound, called = _identifiers(tree)
    unknown_functions = sorted(called - FUNCTIONS)
    if unknown_functions:
        raise ConditionError(
            _("La condición llama a «%(names)s», que no es una función de CEL.")
            % {"names": ", ".join(unknown_functions)}
        )
    unknown = sorted(used - bound - set(VARIABLES))
    if unknown:
        raise ConditionError(
            _("La condición usa «%(names)s», que no existe. Puede usar: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(VARIABLES)}
        )
    return _environment.program(tree)


def _value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _value(item) for key, item in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _vocabulary_of(model: type[models.Model]):
    return next((vocabulary for vocabulary in all_vocabularies() if vocabulary.model is model), None)


def record_variables(record: models.Model) -> dict[str, Any]:
    """``registro``'s map: the record's own fields under its vocabulary's keys (its field names without one)."""
    model = type(record)
    vocabulary = _vocabulary_of(model._meta.concrete_model)
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in {"search_text"} or getattr(field, "generated", False):
            continue
        if vocabulary is not None and field.name not in vocabulary.names:
            continue
        key = vocabulary.key(field.name) if vocabulary is not None else field.name
        values[key] = _value(getattr(record, field.attname))
    return values


def condition_holds(text: str, *, record: models.Model, key: str) -> bool:
    """Whether the condition is ``true`` for ``record`` (of link kind ``key``); any error counts as ``false``."""
    try:
        program = compile_condition(text)
        activation = {
            "registro": celpy.json_to_cel(record_variables(record)),
            "tipo_registro": celtypes.StringType(key),
            "ahora": celtypes.TimestampType(timezone.now()),
        }
        result = program.evaluate(activation)
    except ConditionError:
        return False
    except Exception as exc:  # noqa: BLE001 - CEL reports a missing key, a wrong type… as errors: "not true"
        logger.info("Rule condition %r on %s %s did not evaluate: %s", text, key, record.pk, str(exc)[:200])
        return False
    return isinstance(result, celtypes.BoolType) and bool(result)
