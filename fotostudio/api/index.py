"""``/api/v1/`` (and ``/api/``): a small JSON index of the request's API.

Where the documentation and the schema are, how to authenticate, and the endpoints of the
modules the request's business has. Needs no token (a stale one is ignored), like the
documentation it points to.
"""

from __future__ import annotations

import functools
from importlib import import_module

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import EndpointEnumerator
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from fotostudio.core.registry import enabled_modules

API_PREFIX = "/api/v1/"
AUTH_PATHS = {
    "token": "auth/token/",
    "renovar": "auth/refresh/",
    "cerrar_sesion": "auth/logout/",
    "perfil": "auth/profile/",
    "cambiar_contrasena": "auth/change-password/",
}


@functools.cache
def collection_paths(api_urls: str) -> tuple[str, ...]:
    """The paths of a module's API (its ``api_urls``) that name no record and can be read (GET):
    ``("clients/", "clients/schools/")``; an action that only takes a POST (``marcar-todas-leidas/``) is not listed."""
    enumerator = EndpointEnumerator(patterns=import_module(api_urls).urlpatterns)
    endpoints = enumerator.get_api_endpoints(prefix=API_PREFIX.lstrip("/"))
    paths = {path for path, _regex, method, _view in endpoints if method == "GET"}
    return tuple(sorted(path.removeprefix(API_PREFIX) for path in paths if "{" not in path))


class IndexModuleSerializer(serializers.Serializer):
    nombre = serializers.CharField(help_text=_("Nombre del módulo."))
    recursos = serializers.ListField(child=serializers.URLField(), help_text=_("Sus rutas."))


@extend_schema_serializer(description=_("Índice de la API del negocio."))
class ApiIndexSerializer(serializers.Serializer):
    api = serializers.CharField()
    version = serializers.CharField()
    negocio = serializers.CharField(allow_null=True, help_text=_("El negocio; null en la plataforma."))
    documentacion = serializers.DictField(
        child=serializers.URLField(), help_text=_("Swagger UI, ReDoc y el esquema OpenAPI.")
    )
    autenticacion = serializers.DictField(
        child=serializers.CharField(), help_text=_("Las rutas para obtener, renovar e invalidar tokens.")
    )
    plataforma = serializers.DictField(
        child=serializers.URLField(), help_text=_("El negocio actual; en la plataforma, la lista de negocios.")
    )
    modulos = serializers.DictField(child=IndexModuleSerializer(), help_text=_("Los módulos del negocio y sus rutas."))


class ApiIndexView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # an index of links: a stale token must not make it a 401

    @extend_schema(
        tags=["api"],
        summary=_("Índice de la API"),
        description=_(
            "Enlaces a la documentación, al esquema OpenAPI y a la autenticación, y las rutas de los módulos "
            "que tiene el negocio. No necesita token."
        ),
        auth=[],
        responses={200: ApiIndexSerializer},
    )
    def get(self, request):
        url = request.build_absolute_uri
        tenant = request.tenant
        on_platform = tenant.is_public
        authentication = {name: url(API_PREFIX + path) for name, path in AUTH_PATHS.items()}
        authentication["cabecera"] = "Authorization: Bearer <access>"
        if on_platform:
            authentication["negocio"] = "X-Tenant: <identificador del negocio>"
        modules = {
            spec.label: {
                "nombre": str(spec.name),
                "recursos": [url(API_PREFIX + path) for path in collection_paths(spec.api_urls)],
            }
            for spec in enabled_modules(tenant)
            if spec.api_urls
        }
        platform = {"negocios": "tenants/"} if on_platform else {"negocio_actual": "tenants/current/"}
        return Response(
            {
                "api": "FotoStudio API",
                "version": "v1",
                "negocio": None if on_platform else tenant.name,
                "documentacion": {
                    "swagger_ui": url(reverse("api-docs")),
                    "redoc": url(reverse("api-redoc")),
                    "esquema_openapi": url(reverse("api-schema")),
                },
                "autenticacion": authentication,
                "plataforma": {name: url(API_PREFIX + path) for name, path in platform.items()},
                "modulos": modules,
            }
        )
