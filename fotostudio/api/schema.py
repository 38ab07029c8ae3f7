"""OpenAPI: what the published documents say, in the request's language (Spanish by default).

- Every text is for the API's readers and goes through gettext (``?lang=en`` gives English
  once translated). Docstrings of views and serializers are for developers: they are never
  published (``fotostudio.api.openapi.ApiAutoSchema``); each operation states its summary and description
  with ``extend_schema`` (``tests/test_platform_schema.py`` checks that none is missing).
- The document's description explains how to authenticate and the error codes.
- The common error shape is documented on every operation (:func:`add_error_responses`).
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.views import SpectacularAPIView

from tenants.choices import BusinessType

API_DESCRIPTION = _(
    """API REST de FotoStudio para el frontend y otras aplicaciones. Cada negocio tiene su propia dirección \
(por ejemplo `demo.localhost`) y sus propios datos; las claves JSON y los parámetros están en español.

## Cómo autenticarse

1. **Pida un token**: `POST /api/v1/auth/token/` con `{"username": "…", "password": "…"}` (el nombre de \
usuario o el correo). La respuesta trae `access` (el token de acceso, de corta duración), `refresh` (el de \
renovación) y los datos del usuario.
2. **Úselo en cada petición**: la cabecera `Authorization: Bearer <access>`. En esta página, pulse \
«Authorize» y pegue el valor de `access`: la página añade `Bearer` por usted.
3. **Renuévelo** cuando caduque (401 `token_not_valid`): `POST /api/v1/auth/refresh/` con \
`{"refresh": "…"}` devuelve un `access` y un `refresh` nuevos; el `refresh` anterior deja de valer. \
`POST /api/v1/auth/logout/` lo invalida al cerrar sesión.
4. **El negocio**: un token vale solo en el negocio que lo emitió. Se llama a cada negocio en su dirección; \
en la dirección pública de la plataforma, la cabecera `X-Tenant: <identificador del negocio>` dice a qué \
negocio va la petición.

## Listas

`page` (desde 1) y `page_size` (de 1 a 100, 10 si se omite; un valor mayor se reduce a 100) → \
`{count, next, previous, results}`. Los filtros, `search` y `ordering` de cada lista se describen en sus \
parámetros.

## Errores

Todo error responde `{"detail": "…", "code": "…"}`: `detail` es un mensaje para mostrar al usuario y \
`code` un código estable para programar. Un 400 de validación añade `errors`: por cada campo, una lista de \
mensajes (el error de un elemento de una lista indica su posición, «elemento 2»).

| Estado | `code` | Cuándo |
| --- | --- | --- |
| 400 | `invalid` | Datos no válidos: `errors` detalla cada campo. |
| 400 | `parse_error` | El cuerpo no es JSON válido, o anida más de 32 niveles. |
| 401 | `not_authenticated` | Falta el token. |
| 401 | `token_not_valid` | Token inválido, caducado, revocado o de otro negocio. |
| 401 | `invalid_credentials` | Usuario o contraseña incorrectos. |
| 403 | `permission_denied` | El rol del usuario no permite la operación. |
| 403 | `tenant_inactive` | El negocio está desactivado. |
| 404 | `not_found` | No existe, es de otro negocio o el módulo no está activo. |
| 404 | `tenant_not_found` | Ningún negocio responde a esa dirección o a `X-Tenant`. |
| 405 | `method_not_allowed` | La ruta no admite ese método. |
| 409 | `duplicate`, `protected` | Ya existe un registro con esos datos; el registro está en uso. |
| 429 | `throttled` | Demasiados intentos: reintente tras `retry_after` segundos. |
| 500 | `server_error` | Error interno del servidor. |

Cada módulo añade sus propios códigos (por ejemplo `client_duplicate_document`), descritos en sus operaciones.

## Idioma

Los mensajes están en español; `Accept-Language: en` los pide en inglés."""
)

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": _("Mensaje para el usuario.")},
        "code": {"type": "string", "description": _("Código estable del error.")},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": _("Errores por campo (solo en 400): una lista de mensajes por campo."),
        },
    },
    "required": ["detail", "code"],
}

ERROR_DESCRIPTIONS = {
    "400": _("Datos no válidos: `errors` detalla cada campo."),
    "401": _("Sin token, o con un token no válido, caducado o de otro negocio."),
    "403": _("El rol del usuario no permite esta operación, o el negocio está desactivado."),
    "404": _("No existe (o pertenece a otro negocio, o el módulo no está activo)."),
    "409": _("Conflicto: duplicado o registro en uso."),
    "429": _("Demasiados intentos; reintente tras `Retry-After` segundos."),
}

WRITE_METHODS = {"post", "put", "patch"}
#: A list's own answers: a filter, search, ordering or page that is not valid, or a page after the last.
LIST_ERROR_DESCRIPTIONS = {
    "400": _("Un parámetro de la consulta no es válido (filtro, búsqueda, orden o paginación): `errors` lo detalla."),
    "404": _("La página pedida está después de la última."),
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["404"] if "{" in path else []
            if operation.get("security") != [{}] and {} not in operation.get("security", [{"jwtAuth": []}]):
                codes += ["401", "403"]
            if method in WRITE_METHODS:
                codes += ["400", "409"]
            if method == "delete":
                codes += ["409"]
            if path.endswith(("/auth/token/", "/auth/login/")):
                codes += ["400", "401", "429"]
            query = {
                parameter.get("name") for parameter in operation.get("parameters", []) if parameter.get("in") == "query"
            }
            list_codes = {"404"} if "page" in query else set()
            if query:
                list_codes.add("400")
            for code in sorted(list_codes):
                responses.setdefault(
                    code,
                    {
                        "description": LIST_ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": reference}},
                    },
                )
            for code in codes:
                responses.setdefault(
                    code,
                    {"description": ERROR_DESCRIPTIONS[code], "content": {"application/json": {"schema": reference}}},
                )
    return result


def describe_generated_texts(result, generator, request, public):
    """Texts the generator writes itself, in words of the API: the records' ``id`` in paths (DRF's
    "A UUID string identifying this …", badly translated), the responses without a body, and no
    title on a list's items (the English name of the model's inner field: "Levels")."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        for field in schema.get("properties", {}).values():
            if isinstance(field, dict) and isinstance(field.get("items"), dict):
                field["items"].pop("title", None)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    parameter["description"] = str(_("Identificador del registro (UUID)."))
            for status, response in operation.get("responses", {}).items():
                if status == "204":
                    response["description"] = str(_("Hecho; la respuesta no tiene contenido."))
    return result


class TenantJWTScheme(SimpleJWTScheme):
    target_class = "fotostudio.api.authentication.TenantJWTAuthentication"
    name = "jwtAuth"


def only_versioned_paths(endpoints):
    """``/api/`` mirrors ``/api/v1/``; document the canonical mount once."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def document_settings(business_type: str | None) -> dict:
    """drf-spectacular settings for one vertical's document (``None``: the platform host's)."""
    audience = BusinessType(business_type).label if business_type else _("Plataforma")
    return {"TITLE": format_lazy("FotoStudio API · {}", audience), "DESCRIPTION": API_DESCRIPTION}


class TenantSchemaView(SpectacularAPIView):
    """The OpenAPI document of what the request's tenant has: a studio host documents the studio's API."""

    def get(self, request, *args, **kwargs):
        tenant = getattr(request, "tenant", None)
        self.urlconf = getattr(request, "urlconf", None)
        self.custom_settings = document_settings(None if tenant is None or tenant.is_public else tenant.business_type)
        return super().get(request, *args, **kwargs)
