"""One error shape for the whole API: ``{"detail", "code"}`` plus ``"errors"`` by field on 400."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from fotostudio.core.errors import ApplicationError, CommonError

logger = logging.getLogger(__name__)

UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"


def _first_message(errors: Any) -> str:
    if isinstance(errors, dict):
        for key, value in errors.items():
            message = _first_message(value)
            if message:
                return message if key in ("non_field_errors", "detail") else f"{key}: {message}"
    elif isinstance(errors, list) and errors:
        return _first_message(errors[0])
    elif errors:
        return str(errors)
    return ""


def error_code(exc: exceptions.APIException) -> str:
    """The exception's stable code; simplejwt's exceptions keep theirs inside a detail dict."""
    detail = getattr(exc, "detail", None)
    if isinstance(detail, dict) and detail.get("code"):
        return str(detail["code"])
    if isinstance(detail, exceptions.ErrorDetail) and detail.code:
        return detail.code
    return getattr(exc, "default_code", "error")


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        body = {"detail": str(exc.message), "code": exc.code, **exc.extra}
        if exc.errors:
            names = _view_field_names(context.get("view"))
            body["errors"] = {
                names.get(field, field): [str(m) for m in messages] for field, messages in exc.errors.items()
            }
        return _with_headers(Response(body, status=exc.status_code), exc, context)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No encontrado."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, IntegrityError):
        return _integrity_error_response(exc)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "detail": _first_message(errors) or _("Datos no válidos."),
            "code": "invalid",
            "errors": errors,
        }
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        code = error_code(exc)
        response.data = {"detail": str(detail), "code": code}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response.data["retry_after"] = int(exc.wait)
    return response


def _with_headers(response: Response, exc: ApplicationError, context: dict) -> Response:
    """What HTTP asks of a refusal: ``Retry-After`` with a 429, ``WWW-Authenticate`` with a 401."""
    if "retry_after" in exc.extra:
        response["Retry-After"] = str(exc.extra["retry_after"])
    view, request = context.get("view"), context.get("request")
    if exc.status_code == status.HTTP_401_UNAUTHORIZED and view is not None and request is not None:
        header = view.get_authenticate_header(request)
        if header:
            response["WWW-Authenticate"] = header
    return response


def serializer_field_names(serializer_class) -> dict[str, str]:
    """Model field (each writable field's ``source``) → the serializer's (Spanish) JSON key."""
    return {field.source: name for name, field in serializer_class().fields.items() if not field.read_only}


def _view_field_names(view) -> dict[str, str]:
    """Services report errors by model field; the API reports them under the view's JSON keys."""
    get_serializer_class = getattr(view, "get_serializer_class", None)
    if get_serializer_class is None:
        return {}
    try:
        return serializer_field_names(get_serializer_class())
    except AssertionError:  # a generic view without a serializer class
        return {}


def _integrity_error_response(exc: IntegrityError) -> Response:
    """Races past a service's own checks still end as 409, never as a 500."""
    sqlstate = getattr(getattr(exc, "__cause__", None), "sqlstate", None)
    logger.warning("Integrity error turned into 409: %s", exc)
    if sqlstate == FOREIGN_KEY_VIOLATION:
        message, code = _("El registro está en uso por otros datos."), CommonError.PROTECTED
    else:
        message, code = _("Ya existe un registro con esos datos."), CommonError.DUPLICATE
    return Response({"detail": message, "code": str(code)}, status=status.HTTP_409_CONFLICT)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    """``handler400`` (a body over the upload limits, a host name no site serves): JSON under ``/api/``."""
    if _is_api(request):
        return JsonResponse({"detail": _("Petición no válida."), "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    """``handler404``: JSON under ``/api/`` (never an HTML page from the API), Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": _("No encontrado."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """``handler500``: JSON under ``/api/``, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": _("Error interno del servidor."), "code": "server_error"}, status=500)
    return defaults.server_error(request)
