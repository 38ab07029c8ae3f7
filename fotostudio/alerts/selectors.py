"""Every read of alerts and rules."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Alert, AlertRule, AlertStatus


def alert_list() -> QuerySet[Alert]:
    """Newest first, with what each row shows (rule, people, kind of record) joined: no query per row."""
    return Alert.objects.select_related("link_type", "rule", "created_by", "resolved_by").order_by("-created_at", "id")


def alert_open_list() -> QuerySet[Alert]:
    return alert_list().filter(status=AlertStatus.OPEN)


def alert_open_count() -> int:
    return Alert.objects.filter(status=AlertStatus.OPEN).count()


def rule_list() -> QuerySet[AlertRule]:
    return AlertRule.objects.select_related("created_by").order_by("name", "id")
