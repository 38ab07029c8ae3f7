from django.http import HttpRequest

from fotostudio.core.network import client_ip

from .models import AccessChannel, AccessLog, AccessResult


def access_log_record(
    *,
    request: HttpRequest,
    result: AccessResult,
    user=None,
    username: str = "",
    channel: AccessChannel = AccessChannel.API,
) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        username=(username or (user.get_username() if user else ""))[:254],
        result=result,
        channel=channel,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:400],
    )
