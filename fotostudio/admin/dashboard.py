"""The admin's first page: KPI sections contributed by the tenant's modules.

A module lists dotted callables in ``ModuleSpec.dashboard_sections``; each takes
the request and returns a section dict (or ``None`` to stay hidden)::

    {"title": str, "cards": [{"label", "value", "hint", "icon", "link"}],
     "charts": [{"title", "type": "bar"|"line"|"pie", "labels": [...],
                 "datasets": [{"label", "data"}]}],
     "tables": [{"title", "headers": [...], "rows": [[...]], "empty": str}],
     "alerts": [{"text", "level", "link"}]}

The template renders whatever the sections carry, so adding KPIs never means
editing the dashboard itself.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

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
            sections.append(section)
    return sections


def dashboard_callback(request, context):
    context.update({"dashboard_sections": collect_sections(request), "title": _("Panel de control")})
    return context
