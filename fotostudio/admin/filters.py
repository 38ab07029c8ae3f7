"""List filters every module's admin can use."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from unfold.contrib.filters.admin import RangeDateFilter


class DateRangeFilter(RangeDateFilter):
    """unfold's "from/to" date filter, fixed for what people type and for datetime fields.

    - Dates are read in the active language's format (``31/01/2026`` in Spanish); unfold's
      own filter only parses ``settings.DATE_INPUT_FORMATS``.
    - On a ``DateTimeField`` the range covers whole days in the business's time zone:
      "to 31/01" includes all of the 31st (unfold compares the datetime with midnight).

    An unreadable date is ignored, as unfold does. Use it as ``("created_at", DateRangeFilter)``.
    """

    def queryset(self, request, queryset):
        path = self.field_path
        if isinstance(self.field, models.DateTimeField):
            path += "__date"
        lookups = {}
        for suffix, lookup in (("_from", "gte"), ("_to", "lte")):
            try:
                day = forms.DateField(localize=True).to_python(self.used_parameters.get(self.field_path + suffix))
            except ValidationError:
                day = None
            if day:
                lookups[f"{path}__{lookup}"] = day
        return queryset.filter(**lookups)
