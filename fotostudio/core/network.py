"""Where a request comes from."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address.

    By default the socket's (``REMOTE_ADDR``): a client can write any ``X-Forwarded-For``
    it likes. Behind ``settings.NUM_PROXIES`` trusted proxies, each of which appends the
    address it saw, the client is the ``NUM_PROXIES``-th address from the right. A value
    there that is not an IP address (a broken or hostile proxy chain) is ignored in
    favour of the socket's address.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    addresses = [address for address in forwarded.split(",")]
    return _valid_ip(addresses[-min(proxies, len(addresses))]) or remote
