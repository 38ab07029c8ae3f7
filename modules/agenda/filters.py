"""One FilterSet for the API's query parameters, the admin's export and the calendar."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import ApiFilterSet

from .models import Appointment, Resource
from .vocabulary import APPOINTMENT, RESOURCE


class AppointmentFilter(ApiFilterSet):
    """``?tipo=``, ``?estado=``, ``?cliente=``, ``?recurso=``, ``?personal=<user id>``,
    ``?inicio_desde=`` / ``?inicio_hasta=`` (days, in the business's time zone), ``?search=`` and ``?ordering=``."""

    personal = filters.ModelChoiceFilter(
        field_name="staff",
        queryset=lambda request: get_user_model().objects.all(),
        label=_("Personal asignado"),
        help_text=_("Solo las citas de este usuario (su id)."),
    )

    class Meta:
        model = Appointment
        vocabulary = APPOINTMENT
        fields = {
            "appointment_type": ["exact"],
            "status": ["exact"],
            "client": ["exact"],
            "resource": ["exact"],
            "starts_at": ["date__gte", "date__lte"],
        }
        search = "search_text"
        ordering = ("starts_at", "ends_at", "title", "status", "created_at")


class ResourceFilter(ApiFilterSet):
    class Meta:
        model = Resource
        vocabulary = RESOURCE
        fields = {"kind": ["exact"], "is_active": ["exact"]}
        ordering = ("name", "kind")
