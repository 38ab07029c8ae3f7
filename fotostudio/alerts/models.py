"""Alerts and the rules that raise them.

An alert has a type (declared by a module: ``AlertTypeSpec`` in its ``ModuleSpec.alert_types``), a
priority, a description, a state (open until resolved) and the record it is about (a generic link,
:class:`fotostudio.core.links.RecordLinkModel`). At most one alert is **open** per rule (or, for alerts
raised without a rule, per type) and record: two partial unique indexes say so, and
``services.alert_raise`` returns the open one instead of making another.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import MD5
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.links import RecordLinkModel
from fotostudio.core.models import TimeStampedModel
from fotostudio.notifications.models import Priority


class AlertStatus(models.TextChoices):
    OPEN = "ABIERTA", _("Abierta")
    RESOLVED = "RESUELTA", _("Resuelta")


@audited()
class AlertRule(TimeStampedModel):
    """``nombre, tipo_alerta, condicion, accion, activa``: when a watched record changes and ``condition`` (CEL)
    holds, an alert of ``alert_type`` is raised as ``action`` says (see ``services.parse_action``)."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    alert_type = models.CharField(_("tipo de alerta"), max_length=40)
    condition = models.TextField(_("condición"))
    action = models.CharField(_("acción"), max_length=500)
    active = models.BooleanField(_("activa"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creada por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("regla de alerta")
        verbose_name_plural = _("reglas de alerta")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="alerts_rule_name_not_empty"),
            models.CheckConstraint(condition=~Q(condition=""), name="alerts_rule_condition_not_empty"),
        ]
        indexes = [models.Index(fields=["alert_type"], condition=Q(active=True), name="alerts_rule_active_idx")]

    def __str__(self) -> str:
        return self.name


@audited()
class Alert(RecordLinkModel, TimeStampedModel):
    alert_type = models.CharField(_("tipo de alerta"), max_length=40)
    priority = models.CharField(_("prioridad"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    description = models.TextField(_("descripción"))
    status = models.CharField(
        _("estado"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN, editable=False
    )
    rule = models.ForeignKey(
        AlertRule,
        verbose_name=_("regla"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="alerts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creada por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comentario"), blank=True, editable=False)
    actions_taken = models.TextField(_("acciones tomadas"), blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resuelta por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resuelta el"), null=True, blank=True, editable=False)

    class Meta(RecordLinkModel.Meta):
        verbose_name = _("alerta")
        verbose_name_plural = _("alertas")
        ordering = ["-created_at", "id"]
        constraints = [
            *RecordLinkModel.Meta.constraints,
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="alerts_priority_valid"),
            models.CheckConstraint(condition=Q(status__in=AlertStatus.values), name="alerts_status_valid"),
            models.CheckConstraint(condition=~Q(description=""), name="alerts_description_not_empty"),
            models.CheckConstraint(
                condition=Q(status=AlertStatus.OPEN, resolved_at__isnull=True)
                | Q(status=AlertStatus.RESOLVED, resolved_at__isnull=False),
                name="alerts_resolution_matches_status",
            ),
            # One open alert per rule and record (or per rule, for a rule about no record) …
            models.UniqueConstraint(
                fields=["rule", "link_type", "link_id"],
                condition=Q(status=AlertStatus.OPEN, rule__isnull=False),
                nulls_distinct=False,
                name="alerts_one_open_per_rule_record",
            ),
            # … per type and record for alerts raised without a rule …
            models.UniqueConstraint(
                fields=["alert_type", "link_type", "link_id"],
                condition=Q(status=AlertStatus.OPEN, rule__isnull=True, link_id__isnull=False),
                name="alerts_one_open_per_type_record",
            ),
            # … and, about no record, per type and description (the same problem reported again).
            models.UniqueConstraint(
                F("alert_type"),
                MD5("description"),
                condition=Q(status=AlertStatus.OPEN, rule__isnull=True, link_id__isnull=True),
                name="alerts_one_open_per_type_text",
            ),
        ]
        indexes = [
            *RecordLinkModel.Meta.indexes,
            models.Index(fields=["-created_at", "id"], name="alerts_alert_recent_idx"),
            models.Index(fields=["-created_at", "id"], condition=Q(status=AlertStatus.OPEN), name="alerts_open_idx"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN
