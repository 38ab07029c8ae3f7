"""URL configurations: one per set of enabled modules, chosen for each request by the tenant middleware.

A tenant's configuration holds the platform's routes (health, admin, API docs,
authentication, the tenant API) and the API routes of the modules enabled for it,
mounted at ``/api/v1/`` (canonical) and ``/api/``. A module a tenant does not have
has no route there at all (the API's JSON 404), and modules of two verticals may
own the same path. Configurations are built once per set of modules and cached.

``urlpatterns`` below (``ROOT_URLCONF``) is the platform host's configuration, also
used for requests that need no tenant (``/health/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from fotostudio.api import docs, schema  # schema registers the OpenAPI auth extension
from fotostudio.api.index import ApiIndexView
from fotostudio.core.health import health
from fotostudio.core.registry import ModuleSpec, enabled_modules, registry

HANDLERS = {
    "handler400": "fotostudio.handlers.bad_request",
    "handler403": "fotostudio.handlers.permission_denied",
    "handler404": "fotostudio.handlers.page_not_found",
    "handler500": "fotostudio.handlers.server_error",
}


@dataclass(frozen=True, eq=False)
class URLConf:
    """What Django needs of a URL configuration module: ``urlpatterns`` and the error handlers."""

    name: str
    urlpatterns: list[Any]
    handler400: str = HANDLERS["handler400"]
    handler403: str = HANDLERS["handler403"]
    handler404: str = HANDLERS["handler404"]
    handler500: str = HANDLERS["handler500"]


def api_patterns(specs: tuple[ModuleSpec, ...]) -> list[Any]:
    return [
        path("", ApiIndexView.as_view(), name="api-index"),
        path("auth/", include("fotostudio.users.api.auth_urls")),
        path("", include("tenants.api.urls")),
        *(path("", include(spec.api_urls)) for spec in specs if spec.api_urls),
    ]


def platform_patterns(specs: tuple[ModuleSpec, ...]) -> list[Any]:
    api = api_patterns(specs)
    patterns = [
        path("health/", health, name="health"),
        path("i18n/", include("django.conf.urls.i18n")),
        path("admin/", admin.site.urls),
        path("api/schema/", schema.TenantSchemaView.as_view(), name="api-schema"),
        path("api/docs/", docs.SwaggerView.as_view(), name="api-docs"),
        path("api/redoc/", docs.RedocView.as_view(), name="api-redoc"),
        path("api/redoc/redoc.standalone.js", docs.redoc_bundle, name="api-redoc-bundle"),
        path("api/v1/", include(api)),
        path("api/", include(api)),
    ]
    if settings.DEBUG:
        patterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
    return patterns


_cache: dict[tuple[int, tuple[str, ...]], URLConf] = {}


def urlconf_for_modules(specs: tuple[ModuleSpec, ...]) -> URLConf:
    key = (registry.generation, tuple(spec.label for spec in specs))
    urlconf = _cache.get(key)
    if urlconf is None:
        urlconf = _cache[key] = URLConf(name="+".join(key[1]), urlpatterns=platform_patterns(specs))
    return urlconf


def urlconf_for_tenant(tenant) -> URLConf:
    """The configuration of the modules ``tenant`` has (the platform host's for the public tenant)."""
    return urlconf_for_modules(tuple(enabled_modules(tenant)))


def urlconf_for_business_type(business_type: str) -> URLConf:
    """Every module a business of this type can have, whatever its plan (for the published API documents)."""
    return urlconf_for_modules(tuple(spec for spec in registry.specs() if spec.serves_business_type(business_type)))


def urlconf_for_platform() -> URLConf:
    return urlconf_for_modules(tuple(spec for spec in registry.specs() if spec.on_public_host))


urlpatterns = urlconf_for_platform().urlpatterns
handler400 = HANDLERS["handler400"]
handler403 = HANDLERS["handler403"]
handler404 = HANDLERS["handler404"]
handler500 = HANDLERS["handler500"]
