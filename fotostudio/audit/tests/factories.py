"""Rows of the logs for the generated endpoint tests (and this app's own).

The logs are written by the platform, never through an endpoint: an access log row is made
directly; an audit event is what a real write leaves behind (a user created, which its
trigger records), read back from the trail.
"""

import itertools

import factory

from fotostudio.audit.models import AccessChannel, AccessLog, AccessResult, ActivityAction, ActivityLog, AuditEvent
from fotostudio.users.models import User
from tests.factories import register_factory, registered

_numbers = itertools.count(1)


@registered
class AccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLog

    username = factory.Sequence(lambda n: f"intento{n}")
    result = AccessResult.LOGIN_FAILED
    channel = AccessChannel.API
    ip_address = "192.0.2.10"
    user_agent = "pytest"


@registered
class ActivityLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLog

    username = "exportador"
    action = ActivityAction.EXPORT
    model = "users.user"
    row_count = 3
    file_format = "xlsx"
    filters = factory.LazyFunction(lambda: {"search": "ana"})
    ip_address = "192.0.2.20"


def make_audit_event() -> AuditEvent:
    """The trail's line for a user created here (a real write: the trigger records it)."""
    number = next(_numbers)
    user = User.objects.create(username=f"auditado{number}", email=f"auditado{number}@example.com")
    return AuditEvent.objects.get(model="users.user", object_id=str(user.pk))


register_factory(AuditEvent, make_audit_event)
