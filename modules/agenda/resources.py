"""The appointments list as a spreadsheet (export only: appointments are booked one by one, with their checks)."""

from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import Appointment
from .vocabulary import APPOINTMENT


class AppointmentResource(VocabularyResource):
    vocabulary = APPOINTMENT

    class Meta:
        model = Appointment
        name = gettext_lazy("Agenda")
        fields = export_order = (
            "appointment_type",
            "title",
            "client",
            "starts_at",
            "ends_at",
            "place",
            "resource",
            "status",
            "notes",
            "overbooked",
            "created_by",
            "created_at",
            "id",
        )

    def get_queryset(self):
        from .selectors import appointment_list

        return appointment_list()
