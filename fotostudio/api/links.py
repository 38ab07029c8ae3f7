"""Links between records in the API: each kind of record the business has is a key of its own.

A serializer of a holder model (``fotostudio.core.links.RecordLinkModel``) mixes in
:class:`LinkedSerializerMixin`: for every kind of record the business can link to (``cliente``
in a studio today; ``lote`` and ``envio`` once the agro modules register them) it gets a UUID key,
shown with the linked record's id (``null`` when the row is about another kind or nothing) and
accepted on write. Sending two of them is a 400; a key the contract names (``lote``) or that another
vertical registers, while this business has no such records, is a 400 "not available" naming it.
Validated data carries ``link``: a :class:`~fotostudio.core.links.LinkRef` or ``None``.

A list filters by linked record with the same keys (``?cliente=<id>``) through
:class:`LinkFilterBackend`. The keys follow the request's business; the published document of a
vertical shows the keys of every module that vertical can have.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.fields import empty

from fotostudio.core import links
from fotostudio.core.links import LinkKind, LinkRef


def _kind_text(template, kind: LinkKind) -> str:
    return str(template) % {"record": kind.label, "key": kind.key}


_lazy_kind_text = lazy(_kind_text, str)


class LinkField(serializers.UUIDField):
    """One kind of linked record: the id when the row points at that kind, else ``null``."""

    def __init__(self, kind: LinkKind, **kwargs):
        self.kind = kind
        kwargs.setdefault(
            "help_text",
            _lazy_kind_text(gettext_lazy("Id del %(record)s al que se refiere (clave «%(key)s»)."), kind),
        )
        super().__init__(source="*", required=False, allow_null=True, **kwargs)

    def validate_empty_values(self, data):
        if data is not empty and data in (None, ""):
            return True, {}
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        return {"link": LinkRef(self.kind.key, super().to_internal_value(data))}

    def to_representation(self, instance):
        return str(instance.link_id) if links.link_kind_of(instance) == self.kind else None


class LinkedSerializerMixin:
    """See the module docstring. ``contract_link_keys``: keys the frontend's contract names that no module of
    this business may offer yet; ``link_required``: a row must be about a record (photos); ``link_keys``: the
    only kinds this holder may point at (``None``: every kind), so another key may name a field of its own
    (an appointment's ``cliente`` is a foreign key, and it is about a ``pedido`` or a ``contrato``)."""

    contract_link_keys: tuple[str, ...] = ()
    link_required: bool = False
    link_keys: tuple[str, ...] | None = None

    def _link_kinds_offered(self) -> list[LinkKind]:
        kinds = links.available_kinds()
        return kinds if self.link_keys is None else [kind for kind in kinds if kind.key in self.link_keys]

    def get_fields(self):
        fields = super().get_fields()
        for kind in self._link_kinds_offered():
            fields[kind.key] = LinkField(kind)
        return fields

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            return super().to_internal_value(data)  # DRF's 400: a JSON object is expected
        available = [kind.key for kind in self._link_kinds_offered()]
        known = {kind.key for kind in links.link_kinds()} | set(self.contract_link_keys)
        if self.link_keys is not None:
            known &= set(self.link_keys)
        sent = lambda key: key in data and data.get(key) not in (None, "")  # noqa: E731
        errors = {}
        for key in sorted(known - set(available)):
            if sent(key):
                errors[key] = [
                    _("«%(key)s» no está disponible en este negocio: no se puede vincular a ese tipo de registro.")
                    % {"key": key}
                ]
        chosen = [key for key in available if sent(key)]
        if len(chosen) > 1:
            message = _("Envíe un solo registro: %(keys)s.") % {"keys": _(" o ").join(chosen)}
            errors.update({key: [message] for key in chosen})
        if self.link_required and not chosen and not errors:
            keys = available or list(self.contract_link_keys)
            if available:
                message = _("Indique a qué registro se refiere: %(keys)s.") % {"keys": _(" o ").join(keys)}
            else:
                message = _("Este negocio aún no tiene registros a los que vincularlo.")
            errors.update({key: [message] for key in keys})
        if errors:
            raise serializers.ValidationError(errors)
        validated = super().to_internal_value(data)
        validated.setdefault("link", None)
        return validated


def _link_filter(kind: LinkKind) -> filters.UUIDFilter:
    return filters.UUIDFilter(
        method=lambda queryset, name, value: links.filter_linked_to(queryset, kind, value) if value else queryset,
        label=_lazy_kind_text(gettext_lazy("Solo los vinculados a este %(record)s (su id)."), kind),
    )


@lru_cache(maxsize=64)
def _with_link_filters(filterset_class, kinds: tuple[LinkKind, ...]):
    return type(filterset_class.__name__, (filterset_class,), {kind.key: _link_filter(kind) for kind in kinds})


class LinkFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with a filter per kind of record the business can link to."""

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        return _with_link_filters(filterset_class, tuple(links.available_kinds()))
