"""The request's context on every audit event: who, from where, which request.

pghistory's middleware opens a *context* for each request that may write (POST, PUT, PATCH,
DELETE): its values travel with every SQL statement of the request as transaction-local
settings (``set_config(…, true)``), and the audit triggers store them on each event row.
This one adds the project's request id, the client's address (``core.network.client_ip``,
which honours ``NUM_PROXIES``), the door (API or admin) and the username.

DRF authenticates inside the view (the JWT), after this middleware has run: the request's
class is swapped for one that updates the context when ``request.user`` is set, so the user
the API authenticates is the one recorded.
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from pghistory import config

from fotostudio.core.network import client_ip

API_PREFIX = "/api/"


def user_context(user) -> dict[str, Any]:
    """``{"user": <id as text>, "username": …}`` for an authenticated user, nothing for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return {"user": None, "username": ""}
    return {"user": str(user.pk), "username": user.get_username()}


class _AuditedRequest:
    """Setting ``request.user`` (DRF does it when it authenticates) updates the open context."""

    def __setattr__(self, attr, value):
        if attr == "user":
            pghistory.context(**user_context(value))
        super().__setattr__(attr, value)


class AuditedWSGIRequest(_AuditedRequest, WSGIRequest):
    pass


class AuditedASGIRequest(_AuditedRequest, ASGIRequest):
    pass


def request_context(request) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        **user_context(user),
        "ip": client_ip(request),
        "request_id": str(getattr(request, "request_id", ""))[:64],
        "url": request.path[:500],
        "method": request.method,
        "channel": "api" if request.path.startswith(API_PREFIX) else "admin",
    }


class AuditContextMiddleware:
    """After the tenant, session and authentication middleware (``settings.MIDDLEWARE``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in config.middleware_methods():
            return self.get_response(request)
        try:
            with pghistory.context(**request_context(request)):
                if isinstance(request, WSGIRequest):
                    request.__class__ = AuditedWSGIRequest
                elif isinstance(request, ASGIRequest):  # pragma: no cover  (served by WSGI)
                    request.__class__ = AuditedASGIRequest
                return self.get_response(request)
        finally:
            forget_context()


def forget_context() -> None:
    """The context lives in transaction-local settings. A request normally ends its transactions; one that ran
    inside a caller's transaction (a test, a script) must not lend its user to what that caller writes next."""
    if connection.in_atomic_block and not connection.needs_rollback:
        with connection.cursor() as cursor:
            cursor.execute(RESET_SQL)


RESET_SQL = "SELECT set_config('pghistory.context_id', '', true), set_config('pghistory.context_metadata', '', true)"
