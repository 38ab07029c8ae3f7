from django.http import HttpRequest

from fotostudio.core.network import client_ip
from fotostudio.core.text import printable

from .models import AccessChannel, AccessLog, AccessResult

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
