from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fotostudio.audit.selectors import access_log_recent

from .selectors import active_user_count, users_by_role


def team_section(request) -> dict | None:
    if not request.user.has_perm("users.view_user"):
        return None
    by_role = users_by_role()
    recent = access_log_recent(limit=8)
    return {
        "key": "team",
        "title": _("Equipo"),
        "cards": [
            {
                "key": "users-active",
                "label": _("Usuarios activos"),
                "value": active_user_count(),
                "icon": "group",
                "hint": _("Con al menos un rol"),
            },
        ],
        "charts": [
            {
                "title": _("Usuarios por rol"),
                "type": "bar",
                "labels": [role for role, _c in by_role],
                "datasets": [{"label": _("Usuarios"), "data": [count for _r, count in by_role]}],
            },
        ],
        "tables": [
            {
                "title": _("Últimos inicios de sesión"),
                "headers": [_("Usuario"), _("Cuándo"), _("Canal"), _("IP")],
                "rows": [
                    [
                        log.user or log.username,
                        date_format(timezone.localtime(log.created_at), "SHORT_DATETIME_FORMAT"),
                        log.get_channel_display(),
                        log.ip_address or "—",
                    ]
                    for log in recent
                ],
                "empty": _("Nadie ha iniciado sesión todavía."),
            },
        ],
    }
