from django.http import HttpRequest
from rest_framework.settings import api_settings

from .models import AccessChannel, AccessLog, AccessResult


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; ``X-Forwarded-For`` is trusted only behind ``NUM_PROXIES`` proxies."""
    num_proxies = api_settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if num_proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(num_proxies, len(addresses))] or None
    return request.META.get("REMOTE_ADDR") or None


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
