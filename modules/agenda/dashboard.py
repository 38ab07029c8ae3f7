"""The agenda's section of the admin dashboard: today's and tomorrow's appointments."""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .admin import CancelledFilter
from .selectors import upcoming_appointments


def agenda_section(request) -> dict | None:
    if not request.user.has_perm("agenda.view_appointment"):
        return None
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    appointments = upcoming_appointments(days=2)  # two queries: the appointments and their staff
    changelist = reverse("admin:agenda_appointment_changelist")

    def day_list(day) -> str:
        """The appointments starting on ``day``, not cancelled: the list behind the day's figure."""
        return f"{changelist}?" + urlencode(
            {"starts_at_from": day.isoformat(), "starts_at_to": day.isoformat(), "canceladas": CancelledFilter.EXCLUDED}
        )

    def starts_on(appointment, day) -> bool:
        return timezone.localtime(appointment.starts_at).date() == day

    rows = []
    for appointment in appointments:
        start = timezone.localtime(appointment.starts_at)
        rows.append(
            [
                _("Hoy") if start.date() == today else _("Mañana") if start.date() == tomorrow else _("En curso"),
                f"{start:%H:%M}–{timezone.localtime(appointment.ends_at):%H:%M}",
                format_html(
                    '<a href="{}" class="underline">{}</a>',
                    reverse("admin:agenda_appointment_change", args=[appointment.pk]),
                    appointment.title,
                ),
                appointment.get_appointment_type_display(),
                appointment.client.name if appointment.client_id else "—",
                ", ".join(str(user) for user in appointment.staff.all()) or "—",
                appointment.get_status_display(),
            ]
        )
    return {
        "key": "agenda",
        "title": _("Agenda"),
        "cards": [
            {
                "key": "agenda-today",
                "label": _("Citas de hoy"),
                "value": sum(1 for appointment in appointments if starts_on(appointment, today)),
                "icon": "today",
                "hint": date_format(today, "l j \\d\\e F"),
                "link": day_list(today),
            },
            {
                "key": "agenda-tomorrow",
                "label": _("Citas de mañana"),
                "value": sum(1 for appointment in appointments if starts_on(appointment, tomorrow)),
                "icon": "event",
                "hint": date_format(tomorrow, "l j \\d\\e F"),
                "link": day_list(tomorrow),
            },
        ],
        "tables": [
            {
                "title": _("Citas de hoy y mañana"),
                "headers": [_("Día"), _("Hora"), _("Cita"), _("Tipo"), _("Cliente"), _("Personal"), _("Estado")],
                "rows": rows,
                "empty": _("No hay citas hoy ni mañana."),
            }
        ],
    }
