"""The admin's first page: KPI sections contributed by the tenant's modules.

A module lists dotted callables in ``ModuleSpec.dashboard_sections``; each takes
the request and returns a section dict (or ``None`` to stay hidden)::

    {"title": str, "cards": [{"key", "label", "value", "hint", "icon", "link", "rows"}],
     "charts": [{"title", "type": "bar"|"line"|"pie", "labels": [...],
                 "datasets": [{"label", "data"}]}],
     "tables": [{"title", "headers": [...], "rows": [[...]], "empty": str}],
     "alerts": [{"text", "level", "link"}]}

The template renders whatever the sections carry, so adding KPIs never means
editing the dashboard itself.

**Every figure links to the list behind it**: a card's ``link`` is an admin changelist filtered (with its own
list filters, shown in its filter panel) to exactly the rows the figure counts, and ``rows`` is how many rows
that list shows. A count is its own ``rows`` (the default); a sum of money or an average says how many rows it
was computed from. The template writes both on the figure (``data-kpi``, ``data-kpi-link``,
``data-kpi-rows``) and a table cell may carry the same attributes: ``tests/test_links.py`` of the dashboard
module follows every one.

**The period.** The page's ``?desde=&hasta=`` (ISO days, both included) is read once, by
``fotostudio.core.periods.period_from`` (the dashboard API reads it the same way), and put on the request:
a section reads it with ``section_period(request)`` (this month so far when the page was opened without
one). A bad period is shown as an error message
above the sections, which then show this month.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core.periods import period_from
from fotostudio.core.registry import enabled_modules, resolve_callables

CHART_COLORS = ["#0f766e", "#f59e0b", "#6366f1", "#ef4444", "#10b981", "#8b5cf6", "#0ea5e9", "#f97316"]


#: Pie charts name their slices: unfold's charts hide every legend, and its options are replaced
#: whole (not merged) when a chart brings its own, so these are complete.
PIE_OPTIONS = {
    "animation": False,
    "responsive": True,
    "maintainAspectRatio": False,
    "plugins": {
        "legend": {
            "display": True,
            "position": "right",
            "labels": {
                "usePointStyle": True,
                "pointStyle": "circle",
                "boxWidth": 8,
                "boxHeight": 8,
                "color": "#6b7280",
            },
        },
        "tooltip": {"enabled": True},
    },
}


def _chart_payload(chart: dict) -> dict:
    """The chart as the template renders it: JSON for unfold's canvas, and whether there is anything to draw."""
    datasets = []
    for index, dataset in enumerate(chart.get("datasets", [])):
        color = CHART_COLORS if chart.get("type") == "pie" else CHART_COLORS[index % len(CHART_COLORS)]
        # unfold's defaults draw 4px bars and hide the value axis: show the scale, readable bars.
        axes = {} if chart.get("type") == "pie" else {"displayYAxis": True, "maxBarThickness": 32}
        datasets.append({"backgroundColor": color, "borderColor": color, **axes, **dataset})
    payload = {
        **chart,
        "data": json.dumps({"labels": [str(label) for label in chart["labels"]], "datasets": datasets}),
        # A chart of zeros is a blank box: say there is no data instead.
        "is_empty": not any(value for dataset in chart.get("datasets", []) for value in dataset["data"]),
    }
    if chart.get("type") == "pie":
        payload["options"] = json.dumps(PIE_OPTIONS)
    return payload


#: The request attribute that carries the page's period, ``(since, until)``.
PERIOD_ATTRIBUTE = "dashboard_period"


def section_period(request) -> tuple[date, date]:
    """The page's period ``(since, until)``, both included: this month so far by default."""
    period = getattr(request, PERIOD_ATTRIBUTE, None)
    if period is None:
        today = timezone.localdate()
        return today.replace(day=1), today
    return period


def period_query(since: date, until: date) -> str:
    return urlencode({"desde": since.isoformat(), "hasta": until.isoformat()})


def period_options(today: date) -> list[dict]:
    """The picker's fixed choices: this month so far, last month, this year so far."""
    this_month = today.replace(day=1)
    last_month_end = this_month - timedelta(days=1)
    return [
        {"key": "mes", "label": _("Este mes"), "since": this_month, "until": today},
        {
            "key": "mes_pasado",
            "label": _("Mes pasado"),
            "since": last_month_end.replace(day=1),
            "until": last_month_end,
        },
        {"key": "anio", "label": _("Este año"), "since": today.replace(month=1, day=1), "until": today},
    ]


def _read_period(request) -> tuple[date, date]:
    """The period of the page's query (``period_from``); a bad one is an error message and this month."""
    from fotostudio.core.errors import ApplicationError

    try:
        period = period_from(request.GET)
    except ApplicationError as error:
        messages.error(request, _("Periodo no válido: %(error)s") % {"error": error.message})
        return section_period(None)
    return period.since, period.until


def _count_rows(card: dict) -> None:
    """A count is the number of rows of the list it links to: ``rows`` defaults to it."""
    value = card.get("value")
    if "rows" not in card and isinstance(value, int) and not isinstance(value, bool):
        card["rows"] = value


def collect_sections(request) -> list[dict]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public:
        paths = ("tenants.dashboard.platform_section",)
    else:
        paths = tuple(path for spec in enabled_modules(tenant) for path in spec.dashboard_sections)
    sections = []
    for build in resolve_callables(paths):
        section = build(request)
        if section:
            section["charts"] = [_chart_payload(chart) for chart in section.get("charts", [])]
            for card in section.get("cards", []):
                _count_rows(card)
            sections.append(section)
    return sections


def _picker(request) -> dict:
    since, until = section_period(request)
    options = [
        {**option, "query": period_query(option["since"], option["until"])}
        for option in period_options(timezone.localdate())
    ]
    for option in options:
        option["active"] = (option["since"], option["until"]) == (since, until)
    return {
        "since": since,
        "until": until,
        "options": options,
        "custom": not any(option["active"] for option in options),
    }


def dashboard_callback(request, context):
    tenant = getattr(request, "tenant", None)
    picker = None
    if tenant is not None and not tenant.is_public:
        setattr(request, PERIOD_ATTRIBUTE, _read_period(request))
        picker = _picker(request)
    context.update(
        {"dashboard_sections": collect_sections(request), "dashboard_period": picker, "title": _("Panel de control")}
    )
    return context
