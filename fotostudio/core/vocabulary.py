"""The names a model's fields go by outside Python, declared once per module.

Python names are English; what the frontend, the spreadsheets and the query string
see is Spanish (``name`` is ``nombre``). A module states the mapping once::

    CLIENT = Vocabulary(Client, {"client_type": "tipo", "name": "nombre", "email": "email", ...})

and everything else derives from it: the API serializer's keys
(``fotostudio.api.serializers.VocabularySerializer``), the FilterSet's parameters and
ordering values (``fotostudio.api.filters.ApiFilterSet``), the spreadsheet columns
(``fotostudio.spreadsheets.resources.VocabularyResource``) and the renaming of a
service's field errors in API answers. The order of the mapping is the order of the
JSON keys and of the spreadsheet columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist

#: Every vocabulary, for the system check that validates them.
_vocabularies: list[Vocabulary] = []


class Vocabulary:
    def __init__(self, model: type, names: Mapping[str, str], *, extra: Iterable[str] = ()):
        """``names``: model field → outside name. ``extra``: names that are not model fields
        (a property or a serializer-computed value) but still belong to the vocabulary."""
        self.model = model
        self.names = dict(names)
        self.extra = frozenset(extra)
        self._fields = {key: field for field, key in self.names.items()}
        if len(self._fields) != len(self.names):
            raise ValueError(f"{model.__name__}: two fields share one outside name.")
        _vocabularies.append(self)

    def __repr__(self) -> str:
        return f"Vocabulary({self.model.__name__})"

    def key(self, field: str) -> str:
        """The outside name of a model field (the field's own name when it has none)."""
        return self.names.get(field, field)

    def field(self, key: str) -> str:
        """The model field an outside name stands for (the name itself when unknown)."""
        return self._fields.get(key, key)

    def keys(self, *fields: str) -> list[str]:
        """Outside names of ``fields`` (all of them, in order, when none are given)."""
        return [self.key(field) for field in fields] if fields else list(self.names.values())

    def fields(self) -> list[str]:
        return list(self.names)

    def pairs(self, *fields: str) -> tuple[tuple[str, str], ...]:
        """``(field, outside name)`` pairs, as django-filter's ``OrderingFilter(fields=...)`` takes them."""
        return tuple((field, self.key(field)) for field in (fields or self.names))

    def rename(self, errors: Mapping[str, Any]) -> dict[str, Any]:
        """A service's errors by model field → the same errors by outside name."""
        return {self.key(field): messages for field, messages in errors.items()}

    def problems(self) -> list[str]:
        """Fields that the model does not have (the system check reports them)."""
        found = []
        for field in self.names:
            if field in self.extra:
                continue
            try:
                self.model._meta.get_field(field)
            except FieldDoesNotExist:
                found.append(field)
        return found


def all_vocabularies() -> list[Vocabulary]:
    return list(_vocabularies)
