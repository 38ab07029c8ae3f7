"""Request context for logs: every log line carries the tenant and a request id."""

import logging
import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
tenant_var: ContextVar[str] = ContextVar("tenant", default="-")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextFilter(logging.Filter):
    """Add ``request_id`` and ``tenant`` to every record.

    Django logs each 4xx/5xx response (``django.request``) after the middleware
    has returned, when the context variables are already reset; those records
    carry the request itself, so the values are taken from it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request_id, tenant = request_id_var.get(), tenant_var.get()
        request = getattr(record, "request", None)
        if request is not None:
            if request_id == "-":
                request_id = getattr(request, "request_id", "-")
            if tenant == "-":
                tenant = getattr(getattr(request, "tenant", None), "schema_name", "-")
        record.request_id = request_id
        record.tenant = tenant
        return True


class RequestContextMiddleware:
    """Take the caller's ``X-Request-ID`` (when well formed) or make one, and echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        request_token = request_id_var.set(request_id)
        tenant_token = tenant_var.set("-")
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(request_token)
            tenant_var.reset(tenant_token)
        response["X-Request-ID"] = request_id
        return response
