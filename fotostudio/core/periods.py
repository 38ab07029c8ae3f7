"""A period of days read from a query string (``?desde=&hasta=``): the dashboard page, its API and the metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.errors import ApplicationError

SINCE = "desde"
UNTIL = "hasta"
PERIOD_INVALID = "dashboard_period_invalid"


@dataclass(frozen=True)
class Period:
    since: date
    until: date


def period_from(params) -> Period:
    """The period of ``?desde=&hasta=`` (ISO dates, both included). Without ``desde``: the first day of
    ``hasta``'s month; without ``hasta``: today. A date that is not ISO, or ``desde`` after ``hasta``, is a
    400 ``dashboard_period_invalid`` naming the parameters."""
    errors: dict[str, list[str]] = {}
    values: dict[str, date | None] = {}
    for name in (SINCE, UNTIL):
        raw = (params.get(name) or "").strip()
        values[name] = None
        if raw:
            try:
                values[name] = date.fromisoformat(raw) if len(raw) == 10 else None
            except ValueError:
                pass
            if values[name] is None:
                errors[name] = [_("«%(value)s» no es una fecha AAAA-MM-DD.") % {"value": raw[:40]}]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=PERIOD_INVALID, errors=errors)
    until = values[UNTIL] or timezone.localdate()
    since = values[SINCE] or until.replace(day=1)
    if since > until:
        message = _("«%(since)s» debe ser anterior o igual a «%(until)s».") % {"since": SINCE, "until": UNTIL}
        raise ApplicationError(message, code=PERIOD_INVALID, errors={SINCE: [message], UNTIL: [message]})
    return Period(since, until)
