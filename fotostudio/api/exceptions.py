"""One error shape for the whole API: ``{"detail", "code"}`` plus ``"errors"`` by field on 400."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from fotostudio.core.errors import ApplicationError, CommonError

logger = logging.getLogger(__name__)

UNIQUE_VIOLATION = "23505"
FOREIGN_KEY_VIOLATION = "23503"


#: Keys whose messages are about the whole object, not one field: shown without a name.
NON_FIELD_KEYS = ("non_field_errors", "detail")


def _at_position(message: str, position: int) -> str:
    """``«X» no es una opción válida (elemento 2).``: a message about one item of a list (counted from 1)."""
    return _("%(message)s (elemento %(position)d).") % {
        "message": str(message).rstrip().removesuffix("."),
        "position": position,
    }


def error_messages(errors: Any) -> list[str]:
    """One field's errors as the list of messages the common shape promises.

    DRF nests them: a list field's by item index (``{0: ["…"]}``), a list of objects' as one
    entry per item (``[{}, {"cantidad": ["…"]}]``), a nested object's by key. Here each message
    names the key it is about and the position of the item (from 1).
    """
    if isinstance(errors, dict):
        if errors and all(isinstance(key, int) for key in errors):  # a ListField: errors by item index
            return [_at_position(message, key + 1) for key in sorted(errors) for message in error_messages(errors[key])]
        return [
            message if key in NON_FIELD_KEYS else f"{key}: {message}"
            for key, value in errors.items()
            for message in error_messages(value)
        ]
    if isinstance(errors, list):
        if any(isinstance(item, dict | list) for item in errors):  # one entry per item, empty for valid ones
            return [
                _at_position(message, position)
                for position, item in enumerate(errors, start=1)
                for message in error_messages(item)
            ]
        return [str(message) for message in errors]
    return [str(errors)] if errors else []


def _first_message(errors: dict[str, list[str]]) -> str:
    for key, messages in errors.items():
        if messages:
            return messages[0] if key in NON_FIELD_KEYS else f"{key}: {messages[0]}"
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
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        errors = {str(field): error_messages(value) for field, value in detail.items()}
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


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


#: What the API answers for an error no view described (a URL it does not serve, a server error…), by status.
STATUS_ERRORS = {
    400: ("bad_request", gettext_lazy("Petición no válida.")),
    401: ("not_authenticated", gettext_lazy("Hace falta iniciar sesión.")),
    403: ("permission_denied", gettext_lazy("No tiene permiso para realizar esta acción.")),
    404: ("not_found", gettext_lazy("No encontrado.")),
    405: ("method_not_allowed", gettext_lazy("Método no permitido.")),
    413: ("too_large", gettext_lazy("La petición es demasiado grande.")),
    500: ("server_error", gettext_lazy("Error interno del servidor.")),
}


def api_error_response(status_code: int) -> JsonResponse:
    """``{"detail", "code"}`` for ``status_code`` (any 4xx/5xx): the common shape of the errors no view answered."""
    if status_code in STATUS_ERRORS:
        code, detail = STATUS_ERRORS[status_code]
    else:
        code, detail = "error", _("La petición no se pudo atender (error %(status)s).") % {"status": status_code}
    return JsonResponse({"detail": str(detail), "code": code}, status=status_code)
