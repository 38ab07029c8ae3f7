from typing import Any

from django.db import models
from django.http import HttpRequest

from fotostudio.core.network import client_ip
from fotostudio.core.text import printable

from .models import AccessChannel, AccessLog, AccessResult, ActivityAction, ActivityLog

#: What a log row keeps of a list's query string: enough to tell what was asked, not a dump of any size.
MAX_FILTERS = 30
MAX_FILTER_CHARS = 200

USERNAME_MAX_LENGTH = AccessLog._meta.get_field("username").max_length
USER_AGENT_MAX_LENGTH = AccessLog._meta.get_field("user_agent").max_length


def access_log_record(
    *,
    request: HttpRequest,
    result: AccessResult,
    user=None,
    username: str = "",
    channel: AccessChannel = AccessChannel.API,
) -> AccessLog:
    """Write one row of the access log.

    What the client typed is stored without control characters and cut to the column's
    length: a NUL byte or a 10 KB username is recorded, never a database error.
    """
    typed = username if isinstance(username, str) else ""
    return AccessLog.objects.create(
        user=user,
        username=printable(typed or (user.get_username() if user else ""), limit=USERNAME_MAX_LENGTH),
        result=result,
        channel=channel,
        ip_address=client_ip(request),
        user_agent=printable(request.META.get("HTTP_USER_AGENT", ""), limit=USER_AGENT_MAX_LENGTH),
    )


def _filters(query) -> dict[str, Any]:
    """``?q=perez&ciudad=Quito`` → ``{"q": "perez", "ciudad": "Quito"}`` (a list where a key repeats)."""
    found: dict[str, Any] = {}
    for key, values in list(query.lists())[:MAX_FILTERS]:
        values = [value[:MAX_FILTER_CHARS] for value in values]
        found[key[:MAX_FILTER_CHARS]] = values[0] if len(values) == 1 else values
    return found


def activity_log_record(
    *,
    request: HttpRequest,
    action: ActivityAction,
    model: type[models.Model],
    row_count: int = 0,
    filters=None,
    file_format: str = "",
) -> ActivityLog:
    """Record what ``request.user`` did with ``model``'s data; ``filters`` is a ``QueryDict`` (the list's query)."""
    user = request.user if request.user.is_authenticated else None
    return ActivityLog.objects.create(
        user=user,
        username=user.get_username()[:254] if user else "",
        action=action,
        model=model._meta.label_lower,
        row_count=row_count,
        filters=_filters(filters) if filters is not None else {},
        file_format=file_format[:10],
        ip_address=client_ip(request),
        request_id=str(getattr(request, "request_id", ""))[:64],
    )
