"""Every write on indicators (KPI definitions): the rules live here and nowhere else.

- the name is unique in the business (any case): a duplicate is a 409 naming it;
- the thresholds agree with the direction: when higher is better the good threshold is at least the
  warning one, when lower is better at most (a 400 naming ``umbral_alerta``);
- a percentage (waste rate, on-time deliveries) is between 0 and 100; no figure is negative.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import editable_fields, model_update, only_fields

from .models import Direction, KpiDefinition, Unit

HUNDRED = Decimal("100")
FIGURE_FIELDS = ("target", "good_threshold", "warning_threshold")


class KpiDefinitionErrorCode(StrEnum):
    INVALID = "kpi_definition_invalid"
    DUPLICATE = "kpi_definition_duplicate"


#: Fields a caller may set; the id, the dates, the author and the search text are the service's.
KPI_DEFINITION_EDITABLE_FIELDS = editable_fields(KpiDefinition)


def kpi_definition_validation_errors(obj: KpiDefinition) -> dict[str, list[str]]:
    """Normalise ``obj`` in place and return its errors by model field (empty when valid)."""
    obj.name = " ".join((obj.name or "").split())
    obj.notes = (obj.notes or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        obj.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}
    for field in FIGURE_FIELDS:
        value = getattr(obj, field)
        if field in errors or value is None:
            continue
        if value < 0:
            errors[field] = [_("No puede ser negativo.")]
        elif obj.unit == Unit.PERCENT and value > HUNDRED:
            errors[field] = [_("Es un porcentaje: entre 0 y 100.")]
    if not {"direction", "good_threshold", "warning_threshold"} & set(errors):
        good, warning = obj.good_threshold, obj.warning_threshold
        if obj.direction == Direction.HIGHER and good < warning:
            errors["warning_threshold"] = [
                _("Si más alto es mejor, el umbral de alerta no puede superar al umbral bueno (%(good)s).")
                % {"good": good}
            ]
        elif obj.direction == Direction.LOWER and good > warning:
            errors["warning_threshold"] = [
                _("Si más bajo es mejor, el umbral de alerta no puede ser menor que el umbral bueno (%(good)s).")
                % {"good": good}
            ]
    return errors


def _raise_if_invalid(obj: KpiDefinition) -> None:
    errors = kpi_definition_validation_errors(obj)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=KpiDefinitionErrorCode.INVALID, errors=errors)


def _check_name_available(obj: KpiDefinition) -> None:
    others = KpiDefinition.objects.filter(name__iexact=obj.name).exclude(pk=obj.pk)
    existing = others.first()
    if existing is not None:
        message = _("Ya existe «%(name)s».") % {"name": existing.name}
        raise ConflictError(message, code=KpiDefinitionErrorCode.DUPLICATE, errors={"name": [message]})


@transaction.atomic
def kpi_definition_create(*, data: Mapping[str, Any], acting_user=None) -> KpiDefinition:
    obj = KpiDefinition(
        **only_fields(data, KPI_DEFINITION_EDITABLE_FIELDS),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _raise_if_invalid(obj)
    _check_name_available(obj)
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        _check_name_available(obj)  # a concurrent request took the name: a named 409
        raise
    return obj


@transaction.atomic
def kpi_definition_update(*, kpi_definition: KpiDefinition, data: Mapping[str, Any], acting_user=None) -> KpiDefinition:
    def clean(obj: KpiDefinition) -> None:
        _raise_if_invalid(obj)
        _check_name_available(obj)

    try:
        with transaction.atomic():
            model_update(instance=kpi_definition, fields=KPI_DEFINITION_EDITABLE_FIELDS, data=data, clean=clean)
    except IntegrityError:
        _check_name_available(kpi_definition)
        raise
    return kpi_definition


@transaction.atomic
def kpi_definition_delete(*, kpi_definition: KpiDefinition, acting_user=None) -> None:
    kpi_definition.delete()
