"""Abstract bases shared by every module's models."""

import uuid

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext_lazy as _

from .text import FOLD_FROM, FOLD_TO


class TimeStampedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        abstract = True


def upload_extension(filename: str) -> str:
    """The lower-case extension an upload is stored under (``img`` when the name has none)."""
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"


class Translate(Func):
    """PostgreSQL's immutable ``translate()``, usable in a generated column (unlike ``unaccent``)."""

    function = "TRANSLATE"
    output_field = models.TextField()


def search_column(*fields: str) -> models.GeneratedField:
    """A column PostgreSQL keeps with ``fields`` joined and folded as ``core.text.fold`` does,
    for :func:`fotostudio.core.search.word_search` (case and accents never matter).

    The fields must be NOT NULL text (Django's convention of ``""`` for blank text): a NULL
    would blank the whole column."""
    parts = [part for field in fields for part in (field, Value(" "))][:-1]
    return models.GeneratedField(
        expression=Translate(Lower(Concat(*parts, output_field=models.TextField())), Value(FOLD_FROM), Value(FOLD_TO)),
        output_field=models.TextField(),
        db_persist=True,
    )


def sort_key(field: str) -> Translate:
    """How text sorts for people: case and accents do not count ("Álamo" before "Búho").

    PostgreSQL sorts by the database's collation, and the embedded server (and many
    managed ones) offer only byte order, which puts every accented capital after "z";
    ICU collations are not available everywhere. Folding the text the way searches do
    gives the same order on any server.
    """
    return Translate(Lower(field), Value(FOLD_FROM), Value(FOLD_TO))


def natural_order(model: type[models.Model], *fields) -> list:
    """``order_by()`` arguments in which the model's free-text fields sort by :func:`sort_key`;
    other fields, related paths and expressions pass through as they are."""
    ordering = []
    for field in fields:
        if isinstance(field, str) and "__" not in field and field.lstrip("-") != "?":
            name = field.lstrip("-")
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if isinstance(model_field, models.CharField | models.TextField) and not model_field.choices:
                key = sort_key(name)
                ordering.append(key.desc() if field.startswith("-") else key.asc())
                continue
        ordering.append(field)
    return ordering
