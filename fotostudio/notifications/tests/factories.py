"""Rows of notifications, readings and preferences (written directly, not through the services)."""

import factory
from django.utils import timezone

from fotostudio.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationRead,
    NotificationType,
    Priority,
)
from fotostudio.users.tests.factories import make_user_row
from tests.factories import registered


@registered
class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.LazyFunction(make_user_row)
    notification_type = NotificationType.INFORMATIVE
    title = factory.Sequence(lambda n: f"Aviso de prueba {n}")
    body = "Un aviso para las pruebas."
    priority = Priority.MEDIUM


@registered
class NotificationReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationRead

    notification = factory.SubFactory(NotificationFactory, is_read=True, read_at=factory.LazyFunction(timezone.now))
    user = factory.LazyAttribute(lambda reading: reading.notification.recipient)
    read_at = factory.LazyFunction(timezone.now)


@registered
class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.LazyFunction(make_user_row)
