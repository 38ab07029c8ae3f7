"""django-filter pieces every module's FilterSet (API query parameters, admin report pages) uses."""

from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering with ``id`` as the last key, so pages never repeat or skip rows.

    Declare it as the FilterSet's ``ordering`` with the Spanish names::

        ordering = StableOrderingFilter(fields=(("name", "nombre"), ("created_at", "creado_en")))
    """

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs

    def build_choices(self, fields, labels):
        """As django-filter's, but the descending labels stay lazy: rendered in the request's
        language, not in the language active when the FilterSet class was first imported."""
        descending_label = lazy(lambda label: str(self.descending_fmt) % label, str)
        ascending = [(param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()]
        descending = [(f"-{param}", labels.get(f"-{param}", descending_label(label))) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]
