"""Word search over a folded text column, the same in the API, the admin and the exports.

A module keeps a generated column with its searchable text folded as
:func:`fotostudio.core.text.fold` does (lower case, no accents); a search matches the
rows that contain every word. The words and the length are limited, so a search
costs one query whatever is typed.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .errors import ApplicationError
from .text import fold

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 10
#: Punctuation around a word that stored text does not keep (phones and documents are stored compact).
WORD_TRIM = "-.()/,;:\"'"


class SearchTooLong(ApplicationError):
    def __init__(self, message):
        super().__init__(message, code="search_too_long", errors={"search": [message]})


def search_words(text: str | None) -> list[str]:
    """The folded words of a search, or a 400 when it exceeds the limits."""
    text = text or ""
    if len(text) > MAX_SEARCH_LENGTH:
        raise SearchTooLong(
            _("La búsqueda admite hasta %(max)d caracteres; tiene %(count)d.")
            % {"max": MAX_SEARCH_LENGTH, "count": len(text)}
        )
    words = [word.strip(WORD_TRIM) for word in fold(text).split()]
    words = list(dict.fromkeys(word for word in words if word))
    if len(words) > MAX_SEARCH_WORDS:
        raise SearchTooLong(
            _("La búsqueda admite hasta %(max)d palabras; tiene %(count)d.")
            % {"max": MAX_SEARCH_WORDS, "count": len(words)}
        )
    return words


def word_search(queryset: QuerySet, columns: str | tuple[str, ...], text: str | None) -> QuerySet:
    """Rows that contain every word of ``text``, in one filter.

    ``columns`` is a folded search column (``search_column``: accents and case never
    matter), or for small reference tables a tuple of plain columns, any of which may
    hold each word (case does not matter; accents do).
    """
    words = search_words(text)
    if not words:
        return queryset
    if isinstance(columns, str):
        return queryset.filter(reduce(operator.and_, (Q(**{f"{columns}__contains": word}) for word in words)))
    conditions = (reduce(operator.or_, (Q(**{f"{column}__icontains": word}) for column in columns)) for word in words)
    queryset = queryset.filter(reduce(operator.and_, conditions))
    return queryset.distinct() if any("__" in column for column in columns) else queryset
