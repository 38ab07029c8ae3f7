"""Rows of alerts and rules (written directly, not through the services)."""

import factory

from fotostudio.alerts.models import Alert, AlertRule
from fotostudio.notifications.models import Priority
from tests.factories import registered


@registered
class AlertRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertRule

    name = factory.Sequence(lambda n: f"Regla de prueba {n}")
    alert_type = "CALIDAD"
    condition = "registro.humedad > 14.0"
    action = "alerta:ALTA"
    active = True


@registered
class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    alert_type = "CALIDAD"
    priority = Priority.HIGH
    description = factory.Sequence(lambda n: f"Alerta de prueba {n}")
