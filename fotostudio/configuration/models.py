"""A business's settings and its document number sequences (one schema per business)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.models import TimeStampedModel

from .registry import setting_definition


@audited()
class Setting(TimeStampedModel):
    """One setting of the business, by key (its definition is in code: ``definitions.py``).

    ``value`` holds the value as JSON. A setting that lives elsewhere (the time zone and the
    language on the business itself; a document kind's next number in its ``NumberSequence``)
    has a row too, so every setting has an ``id`` in the API, but the row's ``value`` stays
    empty: there is one value, not a copy.
    """

    key = models.CharField(_("clave"), max_length=100, unique=True)
    value = models.JSONField(_("valor"), null=True, blank=True, encoder=DjangoJSONEncoder)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cambiado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ajuste")
        verbose_name_plural = _("ajustes")
        ordering = ["key"]
        constraints = [models.CheckConstraint(condition=~Q(key=""), name="configuration_setting_key_not_empty")]

    def __str__(self) -> str:
        definition = setting_definition(self.key)
        return str(definition.label) if definition else self.key


class NumberSequence(TimeStampedModel):
    """The counter of one kind of document: ``number_next`` locks this row to hand out the next number."""

    kind = models.CharField(_("tipo de documento"), max_length=40, unique=True)
    next_number = models.PositiveBigIntegerField(_("siguiente número"), default=1)
    last_number = models.PositiveBigIntegerField(_("último número emitido"), default=0)
    #: The year ``last_number`` belongs to (numbering by year starts again at 1 in a new year).
    year = models.PositiveSmallIntegerField(_("año"), null=True, blank=True)

    class Meta:
        verbose_name = _("secuencia de numeración")
        verbose_name_plural = _("secuencias de numeración")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=Q(next_number__gte=1), name="configuration_sequence_next_positive"),
            models.CheckConstraint(
                condition=Q(next_number__gt=F("last_number")), name="configuration_sequence_next_after_last"
            ),
        ]

    def __str__(self) -> str:
        return self.kind
