"""The clients section of the admin dashboard: who the studio works for, and how that grows."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fotostudio.admin.dashboard import section_period

from .models import ClientType, Month
from .selectors import client_counts, client_top_cities, clients_new_between, clients_new_by_month


def _month_label(month) -> str:
    return f"{str(Month(month.month).label)[:3]} {month.year}"


def clients_section(request) -> dict | None:
    if not request.user.has_perm("clients.view_client"):
        return None
    since, until = section_period(request)
    counts = client_counts()
    new = clients_new_between(since=since, until=until)
    by_month = clients_new_by_month(months=12)
    cities = client_top_cities(limit=5)
    changelist = reverse("admin:clients_client_changelist")
    return {
        "key": "clients",
        "title": _("Clientes"),
        "cards": [
            {
                "key": "clients-private",
                "label": _("Clientes particulares"),
                "value": counts["private"],
                "icon": "person",
                "hint": _("Activos"),
                "link": f"{changelist}?client_type__exact={ClientType.PRIVATE}&is_active__exact=1",
            },
            {
                "key": "clients-schools",
                "label": _("Colegios"),
                "value": counts["schools"],
                "icon": "school",
                "hint": ngettext("%(count)d estudiante", "%(count)d estudiantes", counts["students"])
                % {"count": counts["students"]},
                "link": f"{changelist}?client_type__exact={ClientType.SCHOOL}&is_active__exact=1",
            },
            {
                "key": "clients-new-period",
                "label": _("Clientes nuevos en el periodo"),
                "value": new["private"] + new["schools"],
                "icon": "person_add",
                "hint": _("%(private)d particulares, %(schools)d colegios") % new,
                "link": f"{changelist}?created_at_from={since.isoformat()}&created_at_to={until.isoformat()}",
            },
        ],
        "charts": [
            {
                # One series: unfold draws bar datasets on top of each other, not side by side.
                "title": _("Clientes nuevos por mes (últimos 12 meses)"),
                "type": "bar",
                "labels": [_month_label(month) for month, _p, _s in by_month],
                "datasets": [{"label": _("Clientes nuevos"), "data": [p + s for _m, p, s in by_month]}],
            },
            {
                "title": _("Particulares y colegios activos"),
                "type": "pie",
                "labels": [_("Particulares"), _("Colegios")],
                "datasets": [{"label": _("Clientes"), "data": [counts["private"], counts["schools"]]}],
            },
        ],
        "tables": [
            {
                "title": _("Ciudades con más clientes"),
                "headers": [_("Ciudad"), _("Clientes activos")],
                "rows": [[city, total] for city, total in cities],
                "empty": _("Registre la ciudad de sus clientes para verlas aquí."),
            },
        ],
    }
