"""Query parameters: django-filter only, named by each module's vocabulary.

Every list endpoint declares a :class:`ApiFilterSet`; there is no DRF ``SearchFilter``
or ``OrderingFilter`` (they take English model names). A module writes::

    class ClientFilter(ApiFilterSet):
        class Meta:
            model = Client
            vocabulary = CLIENT  # fotostudio.core.vocabulary.Vocabulary
            fields = {"client_type": ["exact"], "city": ["iexact"], "created_at": ["date__gte", "date__lte"]}
            search = "search_text"  # ?search= : every word in this folded column
            ordering = ("name", "document", "created_at")  # ?ordering=nombre,-creado_en

and gets ``?tipo=``, ``?ciudad=``, ``?creado_en_desde=``, ``?creado_en_hasta=``,
``?search=`` and ``?ordering=``. A value the API does not accept (an unknown ordering,
``es_activo=quizas``, a malformed date) is a 400 that says what is allowed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES

from fotostudio.core.models import natural_order
from fotostudio.core.search import word_search

#: How a lookup shows in a parameter's name (``creado_en_desde``).
LOOKUP_SUFFIXES = {
    "exact": "",
    "iexact": "",
    "icontains": "",
    "in": "",
    "gte": "_desde",
    "date__gte": "_desde",
    "lte": "_hasta",
    "date__lte": "_hasta",
}
LOOKUP_LABELS = {"_desde": _("desde"), "_hasta": _("hasta")}


class StrictBooleanField(forms.Field):
    """``true``/``false`` (also ``1``/``0``, ``sí``/``no``); anything else is an error, not "no filter"."""

    TRUE = {"true", "1", "si", "sí", "yes"}
    FALSE = {"false", "0", "no"}
    default_error_messages = {"invalid": _("Use «true» o «false» (también 1/0, sí/no).")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in self.TRUE:
            return True
        if lowered in self.FALSE:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # django-filter's API BooleanWidget reads an unknown value as "no filter": take the text as it came.
        kwargs["widget"] = forms.TextInput
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering with ``id`` as the last key, so pages never repeat or skip rows; an unknown
    value is refused with the list of the allowed ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ", ".join(value for value, _label in self.extra["choices"])
        message = lazy(lambda: str(_("«%(value)s» no es un orden válido. Use: ")) + allowed, str)()
        self.extra["error_messages"] = {"invalid_choice": message}

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        fields = [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]
        return qs.order_by(*natural_order(qs.model, *fields, "id"))

    def build_choices(self, fields, labels):
        """As django-filter's, but the descending labels stay lazy: rendered in the request's
        language, not in the language active when the FilterSet class was first imported."""
        descending_label = lazy(lambda label: str(self.descending_fmt) % label, str)
        ascending = [(param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()]
        descending = [(f"-{param}", labels.get(f"-{param}", descending_label(label))) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


class ApiFilterSet(filters.FilterSet):
    """A FilterSet whose generated parameters carry the vocabulary's names (see the module docstring).

    ``Meta.vocabulary`` names the parameters; ``Meta.search`` (a folded text column) adds
    ``search``; ``Meta.ordering`` (model fields) adds ``ordering``. Filters declared on the
    class keep the name they are declared with.
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }

    @classmethod
    def get_filters(cls):
        generated = super().get_filters()
        meta = getattr(cls, "Meta", None)
        vocabulary = getattr(meta, "vocabulary", None)
        named = {}
        for name, filter_ in generated.items():
            if name in cls.declared_filters or vocabulary is None:
                named[name] = filter_
                continue
            suffix = LOOKUP_SUFFIXES.get(filter_.lookup_expr)
            if suffix is None:
                raise ImproperlyConfigured(f"{cls.__name__}: no parameter name for the lookup {filter_.lookup_expr!r}.")
            api_name = vocabulary.key(filter_.field_name) + suffix
            if api_name in named:
                raise ImproperlyConfigured(f"{cls.__name__}: two filters would be called {api_name!r}.")
            field = cls._meta.model._meta.get_field(filter_.field_name)
            filter_.label = capfirst(field.verbose_name)
            if suffix:
                filter_.label = lazy(lambda label, word: f"{label} ({word})", str)(filter_.label, LOOKUP_LABELS[suffix])
            named[api_name] = filter_
        if getattr(meta, "search", None):
            named["search"] = filters.CharFilter(
                method="filter_search", label=_("Buscar"), help_text=_("Palabras a buscar, sin importar tildes.")
            )
        if getattr(meta, "ordering", None):
            pairs = vocabulary.pairs(*meta.ordering) if vocabulary else tuple((f, f) for f in meta.ordering)
            named["ordering"] = StableOrderingFilter(fields=pairs, label=_("Orden"))
        return named

    def filter_search(self, queryset, name, value):
        return word_search(queryset, self.Meta.search, value)


class AllowedChoiceFilter(filters.ChoiceFilter):
    """A choice whose refusal names every accepted value (``«x» no es un valor válido. Use: a, b``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.extra["choices"]

        def message() -> str:
            values = choices() if callable(choices) else choices
            return str(_("«%(value)s» no es un valor válido. Use: ")) + ", ".join(str(value) for value, _l in values)

        self.extra["error_messages"] = {"invalid_choice": lazy(message, str)()}


class DayFilter(filters.DateFilter):
    """A whole day, written ``AAAA-MM-DD`` whatever the language; anything else is a 400 that says so."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": _("Escriba la fecha como AAAA-MM-DD (por ejemplo 2026-01-31).")}
        )
        super().__init__(*args, **kwargs)


class DayRangeForm(forms.Form):
    """The form of a FilterSet with ``desde`` and ``hasta`` (:class:`DayFilter`): the range must not be reversed."""

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("desde"), cleaned.get("hasta")
        if since and until and since > until:
            self.add_error("hasta", _("«hasta» no puede ser anterior a «desde»."))
        return cleaned
