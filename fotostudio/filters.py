"""django-filter pieces every module's FilterSet (API query parameters, admin report pages) uses."""

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
