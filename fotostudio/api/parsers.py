"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest.

No request of the API nests more than a few levels; a body nested a thousand levels
deep made Python's decoder raise ``RecursionError`` (a 500), and anything deeper than
the limit would make every later step that walks the data (validation, error
messages) slower for nothing. Such a body is a 400 ``parse_error`` in the common shape.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

#: Containers (objects and arrays) inside one another a body may have: ``{"a": [1]}`` has 2.
MAX_DEPTH = 32


def nesting_exceeds(data: Any, limit: int) -> bool:
    """Whether ``data`` (decoded JSON) has more than ``limit`` containers inside one another.

    Iterative, so it never recurses whatever it is given."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = ParseError(
            _("El JSON anida más de %(limit)d niveles de objetos o listas.") % {"limit": self.max_depth}
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if nesting_exceeds(data, self.max_depth):
            raise too_deep
        return data
