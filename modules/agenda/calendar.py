"""The admin's calendar: a month (weeks from Monday) or a week of appointments, laid out on the server.

One query for the appointments of the span (and one for their staff), grouped by local day: an
appointment that runs past midnight shows on every day it covers.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FIRST_YEAR, LAST_YEAR, Appointment
from .selectors import appointments_between

MONTH = "mes"
WEEK = "semana"
WEEKDAYS = (
    gettext_lazy("lunes"),
    gettext_lazy("martes"),
    gettext_lazy("miércoles"),
    gettext_lazy("jueves"),
    gettext_lazy("viernes"),
    gettext_lazy("sábado"),
    gettext_lazy("domingo"),
)


@dataclass
class CalendarEntry:
    appointment: Appointment
    url: str
    start: datetime
    end: datetime
    staff: str


@dataclass
class CalendarDay:
    day: date
    in_period: bool
    is_today: bool
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass
class Calendar:
    view: str
    title: str
    first: date
    last: date
    weeks: list[list[CalendarDay]]
    previous_query: str
    next_query: str
    today_query: str
    month_query: str
    week_query: str
    count: int
    weekday_names: tuple[str, ...] = ()
    anchor: date | None = None
    filters: dict[str, str] = field(default_factory=dict)


def _parse_day(text: str) -> date:
    """The day asked for; today when it is missing, malformed or outside the agenda's years."""
    try:
        day = date.fromisoformat(text) if len(text or "") == 10 else None
    except (TypeError, ValueError):
        day = None
    return day if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR else timezone.localdate()


def _query(view: str, day: date, filters: dict[str, str]) -> str:
    return "?" + urlencode({"vista": view, "fecha": day.isoformat(), **filters})


def _uuid(text: str | None) -> str:
    try:
        return str(uuid.UUID(text or ""))
    except ValueError:
        return ""


def _span(view: str, day: date) -> tuple[date, date, date, date, str]:
    """(first shown, last shown, previous period's day, next period's day, title)."""
    if view == WEEK:
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=6)
        title = _("Semana del %(first)s al %(last)s") % {
            "first": date_format(first, "j \\d\\e F"),
            "last": date_format(last, "j \\d\\e F \\d\\e Y"),
        }
        return first, last, first - timedelta(days=7), first + timedelta(days=7), title
    month_first = day.replace(day=1)
    month_last = day.replace(day=stdlib_calendar.monthrange(day.year, day.month)[1])
    first = month_first - timedelta(days=month_first.weekday())
    last = month_last + timedelta(days=6 - month_last.weekday())
    previous = (month_first - timedelta(days=1)).replace(day=1)
    following = month_last + timedelta(days=1)
    return first, last, previous, following, date_format(month_first, "F \\d\\e Y").capitalize()


def build_calendar(*, view: str, day: str, staff: str = "", resource: str = "") -> Calendar:
    """The month or week around ``day``; ``staff`` / ``resource`` (ids): only their appointments."""
    view = WEEK if view == WEEK else MONTH
    anchor = _parse_day(day)
    filters = {key: value for key, value in (("personal", _uuid(staff)), ("recurso", _uuid(resource))) if value}
    first, last, previous, following, title = _span(view, anchor)
    today = timezone.localdate()
    days = {
        first + timedelta(days=offset): CalendarDay(
            day=first + timedelta(days=offset),
            in_period=view == WEEK or (first + timedelta(days=offset)).month == anchor.month,
            is_today=first + timedelta(days=offset) == today,
        )
        for offset in range((last - first).days + 1)
    }
    queryset = appointments_between(first, last)
    if "personal" in filters:
        queryset = queryset.filter(staff__id=filters["personal"])
    if "recurso" in filters:
        queryset = queryset.filter(resource_id=filters["recurso"])
    appointments = list(queryset)
    for appointment in appointments:
        start, end = timezone.localtime(appointment.starts_at), timezone.localtime(appointment.ends_at)
        entry = CalendarEntry(
            appointment=appointment,
            url=reverse("admin:agenda_appointment_change", args=[appointment.pk]),
            start=start,
            end=end,
            staff=", ".join(str(user) for user in appointment.staff.all()),
        )
        last_day = (end - timedelta(microseconds=1)).date()
        current = max(start.date(), first)
        while current <= min(last_day, last):
            days[current].entries.append(entry)
            current += timedelta(days=1)
    ordered = [days[key] for key in sorted(days)]
    return Calendar(
        view=view,
        title=title,
        first=first,
        last=last,
        weeks=[ordered[index : index + 7] for index in range(0, len(ordered), 7)],
        previous_query=_query(view, previous, filters),
        next_query=_query(view, following, filters),
        today_query=_query(view, today, filters),
        month_query=_query(MONTH, anchor, filters),
        week_query=_query(WEEK, anchor, filters),
        count=len(appointments),
        weekday_names=tuple(str(name) for name in WEEKDAYS),
        anchor=anchor,
        filters=filters,
    )
