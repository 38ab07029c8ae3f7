"""OpenAPI additions: the common error shape on every operation."""

from django.utils.translation import gettext as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.views import SpectacularAPIView

from tenants.choices import BusinessType

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Mensaje para el usuario."},
        "code": {"type": "string", "description": "Código estable del error."},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Errores por campo (solo en 400).",
        },
    },
    "required": ["detail", "code"],
}

ERROR_DESCRIPTIONS = {
    "400": "Datos no válidos: `errors` detalla cada campo.",
    "401": "Sin token, token inválido, expirado o de otro negocio.",
    "403": "El rol del usuario no permite esta operación, o el negocio está desactivado.",
    "404": "No existe (o pertenece a otro negocio, o el módulo no está activo).",
    "409": "Conflicto: duplicado o registro en uso.",
    "429": "Demasiados intentos; reintente tras `Retry-After` segundos.",
}

WRITE_METHODS = {"post", "put", "patch"}


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
            for code in codes:
                responses.setdefault(
                    code,
                    {"description": ERROR_DESCRIPTIONS[code], "content": {"application/json": {"schema": reference}}},
                )
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
    return {"TITLE": f"FotoStudio API · {audience}"}


class TenantSchemaView(SpectacularAPIView):
    """The OpenAPI document of what the request's tenant has: a studio host documents the studio's API."""

    def get(self, request, *args, **kwargs):
        tenant = getattr(request, "tenant", None)
        self.urlconf = getattr(request, "urlconf", None)
        self.custom_settings = document_settings(None if tenant is None or tenant.is_public else tenant.business_type)
        return super().get(request, *args, **kwargs)
