"""The reports' filters: one django-filter ``FilterSet`` for the API, the exports and the admin's form.

The figures are aggregates, not a list of rows, so the filter set filters nothing itself: its form reads
and checks the parameters, and :func:`report_params` turns them into :class:`ReportParams` for the
selectors. A bad value is a 400 naming the parameter and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import django_filters
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.core.errors import ApplicationError
from fotostudio.users.models import User
from modules.inventory.models import MaterialCategory
from modules.orders.models import ServiceType

from . import vocabulary as v

#: The longest period a report covers (five years and a leap day or two).
MAX_RANGE_DAYS = 5 * 365 + 2
#: ``dias_sin_consumo``: a material with stock and no consumption in this many days is slow-moving.
IDLE_DAYS_DEFAULT = 90
IDLE_DAYS_MAX = 3650
ISO_DATE = ["%Y-%m-%d"]


class ReportErrorCode(StrEnum):
    INVALID_FILTERS = "report_filters_invalid"
    INVALID_RANGE = "report_range_invalid"
    INVALID_REPORT = "report_unknown"
    EXPORT_NOT_FOUND = "report_export_not_found"
    EXPORT_NOT_READY = "report_export_not_ready"


class _IsoDateField(forms.DateField):
    default_error_messages = {"invalid": gettext_lazy("Use una fecha ISO: AAAA-MM-DD (por ejemplo 2026-11-30).")}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ISO_DATE)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


class _IsoDateFilter(django_filters.Filter):
    field_class = _IsoDateField


class _ServiceField(forms.ModelChoiceField):
    """A service by its code; an unknown code names the valid ones."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            codes = list(ServiceType.objects.order_by("position", "code").values_list("code", flat=True))
            raise forms.ValidationError(
                _("«%(value)s» no es un servicio. Use uno de: %(allowed)s.")
                % {"value": str(value)[:40], "allowed": ", ".join(codes) or "—"},
                code="invalid_choice",
            ) from None


class _ServiceFilter(django_filters.ModelChoiceFilter):
    field_class = _ServiceField


class _UserField(forms.ModelChoiceField):
    """A person by their id (the production orders' responsible); an unknown id says what is expected."""

    def label_from_instance(self, obj):
        return obj.get_full_name()

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("«%(value)s» no es un usuario de este negocio. Use el id (UUID) de un usuario.")
                % {"value": str(value)[:40]},
                code="invalid_choice",
            ) from None


class _UserFilter(django_filters.ModelChoiceFilter):
    field_class = _UserField


def _keep(queryset, name, value):
    return queryset


class ReportFilter(django_filters.FilterSet):
    """``?desde=&hasta=&servicio=&categoria=&responsable=&dias_sin_consumo=`` (every one optional)."""

    desde = _IsoDateFilter(label=gettext_lazy("Desde"), method=_keep)
    hasta = _IsoDateFilter(label=gettext_lazy("Hasta"), method=_keep)
    servicio = _ServiceFilter(
        label=gettext_lazy("Servicio"),
        queryset=ServiceType.objects.order_by("position", "name"),
        to_field_name="code",
        empty_label=gettext_lazy("Todos los servicios"),
        method=_keep,
    )
    categoria = django_filters.ChoiceFilter(
        label=gettext_lazy("Categoría de material"),
        choices=MaterialCategory.choices,
        empty_label=gettext_lazy("Todas las categorías"),
        method=_keep,
        error_messages={
            "invalid_choice": format_lazy(
                "{message} {allowed}.",
                message=gettext_lazy("No es una categoría. Use una de:"),
                allowed=", ".join(MaterialCategory.values),
            )
        },
    )
    responsable = _UserFilter(
        label=gettext_lazy("Responsable"),
        queryset=User.objects.order_by("full_name", "username"),
        empty_label=gettext_lazy("Todas las personas"),
        method=_keep,
    )
    dias_sin_consumo = django_filters.NumberFilter(
        label=gettext_lazy("Días sin consumo"),
        method=_keep,
        min_value=1,
        max_value=IDLE_DAYS_MAX,
        decimal_places=0,
        help_text=gettext_lazy("Un material con existencias y sin consumo en estos días es de baja rotación."),
    )


@dataclass(frozen=True)
class ReportParams:
    """What the figures are computed over: the period (both days included) and the narrowing filters."""

    date_from: date
    date_to: date
    service: ServiceType | None = None
    category: str | None = None
    idle_days: int = IDLE_DAYS_DEFAULT
    today: date | None = None
    responsible: User | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (the export links carry the same ones)."""
        query = {v.FROM: self.date_from.isoformat(), v.TO: self.date_to.isoformat()}
        if self.service is not None:
            query[v.SERVICE] = self.service.code
        if self.category:
            query[v.CATEGORY] = self.category
        if self.idle_days != IDLE_DAYS_DEFAULT:
            query[v.IDLE_DAYS] = str(self.idle_days)
        if self.responsible is not None:
            query[v.RESPONSIBLE] = str(self.responsible.pk)
        return query

    def described(self) -> list[tuple[str, str]]:
        """The filters in words, for the PDF and the spreadsheets' header."""
        from django.utils.formats import date_format

        category = dict(MaterialCategory.choices).get(self.category) if self.category else None
        return [
            (_("Periodo"), f"{date_format(self.date_from)} – {date_format(self.date_to)}"),
            (_("Servicio"), self.service.name if self.service else _("Todos")),
            (_("Categoría de material"), str(category) if category else _("Todas")),
            (_("Días sin consumo"), str(self.idle_days)),
            (_("Responsable"), self.responsible.get_full_name() if self.responsible else _("Todos")),
        ]


def _invalid(message: str, field: str, code: ReportErrorCode = ReportErrorCode.INVALID_FILTERS):
    return ApplicationError(message, code=code, errors={field: [message]})


def report_params(data: Any, *, today: date | None = None) -> ReportParams:
    """Read and check the parameters; a 400 ``ApplicationError`` naming the parameter otherwise.

    Without ``desde``/``hasta`` the period is this month up to today (``hasta`` alone: its month).
    """
    today = today or timezone.localdate()
    filterset = ReportFilter(data, queryset=ServiceType.objects.none())
    form = filterset.form
    if not form.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
        field, messages = next(iter(errors.items()))
        raise ApplicationError(
            _("Filtro «%(field)s» no válido: %(message)s") % {"field": field, "message": messages[0]},
            code=ReportErrorCode.INVALID_FILTERS,
            errors=errors,
        )
    values = form.cleaned_data
    date_to = values.get("hasta") or today
    date_from = values.get("desde") or date_to.replace(day=1)
    if date_from > date_to:
        raise _invalid(
            _("«desde» (%(from)s) no puede ser posterior a «hasta» (%(to)s).")
            % {"from": date_from.isoformat(), "to": date_to.isoformat()},
            v.FROM,
            ReportErrorCode.INVALID_RANGE,
        )
    if date_to - date_from > timedelta(days=MAX_RANGE_DAYS):
        raise _invalid(
            _("El periodo de «desde» a «hasta» no puede superar 5 años (%(days)s días).") % {"days": MAX_RANGE_DAYS},
            v.TO,
            ReportErrorCode.INVALID_RANGE,
        )
    idle = values.get("dias_sin_consumo")
    return ReportParams(
        date_from=date_from,
        date_to=date_to,
        service=values.get("servicio"),
        category=values.get("categoria") or None,
        idle_days=int(idle) if idle is not None else IDLE_DAYS_DEFAULT,
        today=today,
        responsible=values.get("responsable"),
    )


def report_kind(value: Any) -> str:
    """``?reporte=`` of the exports: ``financial`` (when absent), ``inventory`` or ``production``."""
    if value is None:
        return v.REPORT_FINANCIAL
    if value not in v.REPORTS:
        raise _invalid(
            _("Indique «reporte»: %(allowed)s.") % {"allowed": ", ".join(v.REPORTS)},
            v.REPORT,
            ReportErrorCode.INVALID_REPORT,
        )
    return value
