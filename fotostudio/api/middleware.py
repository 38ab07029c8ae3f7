"""Under ``/api/`` every error is JSON in the common shape, whatever ``DEBUG`` says."""

from __future__ import annotations

from .exceptions import api_error_response, is_api_path


def is_json(response) -> bool:
    media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


class ApiErrorsAsJsonMiddleware:
    """Turn any error page under ``/api/`` into ``{"detail", "code"}`` with the same status.

    The API's views and error handlers already answer JSON; what is left are Django's own
    pages, which ``DEBUG = True`` shows instead of calling the handlers: the technical 404
    (the URL patterns) and 500 (the settings, the traceback) pages. The frontend then gets
    JSON in development as in production, and no page leaks the configuration.

    Comes after ``TenantLocaleMiddleware`` (the message is in the request's language);
    the headers the response carried (CORS, ``Vary``, cookies) are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or response.streaming or is_json(response) or not is_api_path(request.path_info):
            return response
        replacement = api_error_response(response.status_code)
        for header, value in response.items():
            if header.lower() not in {"content-type", "content-length"}:
                replacement[header] = value
        replacement.cookies = response.cookies
        return replacement
