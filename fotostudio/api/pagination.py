"""``?page=&page_size=`` → ``{count, next, previous, results}``.

``page_size`` is 10 when omitted; one over 100 is read as 100 (a client asking for "everything"
gets the largest page); zero, a negative number or text is a 400 naming the range. ``page`` must
be a whole number from 1 (a 400 otherwise); a page after the last one is a 404.
"""

from __future__ import annotations

import re

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

WHOLE_NUMBER = re.compile(r"[0-9]+")


def positive_number(raw: str) -> int | None:
    """``raw`` as a whole number of at least 1, or ``None``."""
    raw = raw.strip()
    if not WHOLE_NUMBER.fullmatch(raw):
        return None
    value = int(raw)
    return value if value >= 1 else None


class StandardPagination(PageNumberPagination):
    page_size = 10
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # ``page=last`` is not part of the API: the page is a number
    page_query_description = gettext_lazy("Número de página, desde 1. Una página después de la última responde 404.")
    page_size_query_description = gettext_lazy(
        "Resultados por página, de 1 a 100 (10 si se omite). Un valor mayor que 100 se reduce a 100."
    )

    def _parameter(self, request, name: str) -> str | None:
        raw = request.query_params.get(name)
        return None if raw is None or not raw.strip() else raw

    @staticmethod
    def _shown(raw: str) -> str:
        return Truncator(raw).chars(40)

    def get_page_size(self, request):
        raw = self._parameter(request, self.page_size_query_param)
        if raw is None:
            return self.page_size
        value = positive_number(raw)
        if value is None:
            message = _("«%(value)s» no es un tamaño de página válido: use un número entero de 1 a %(max)d.")
            message %= {"value": self._shown(raw), "max": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return min(value, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = self._parameter(request, self.page_query_param)
        if raw is not None and positive_number(raw) is None:
            message = _("«%(value)s» no es un número de página válido: use un número entero desde 1.")
            raise ValidationError({self.page_query_param: [message % {"value": self._shown(raw)}]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
