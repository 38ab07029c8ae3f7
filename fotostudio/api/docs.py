"""Swagger UI (``/api/docs/``) and ReDoc (``/api/redoc/``), entirely from this server.

Both run under a Content-Security-Policy without inline scripts (``fotostudio.core.security``):
Swagger UI's start-up script is a separate request (drf-spectacular's split view), ReDoc's a
static file reading its settings from a JSON element. No request leaves the machine:
drf-spectacular's ReDoc page loads Google Fonts (ours uses the admin's own Inter), and
ReDoc's bundle draws the Redocly logo from Redocly's CDN with no option to turn it off,
so the bundle is served with that address replaced (the logo then hides itself).
"""

from __future__ import annotations

import functools
from pathlib import Path

import drf_spectacular_sidecar
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.response import Response

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
#: The logo ReDoc's side menu loads from the internet on every visit.
REDOC_REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
#: What it loads instead: an empty image, which fails at once without a request, so ReDoc hides it.
REDOC_LOCAL_LOGO = "data:,"


@functools.cache
def offline_redoc_bundle() -> bytes:
    """The sidecar's ReDoc bundle, with nothing fetched from outside this server."""
    source = Path(finders.find(REDOC_BUNDLE)).read_text(encoding="utf-8")
    return source.replace(REDOC_REMOTE_LOGO, REDOC_LOCAL_LOGO).encode()


@require_safe
def redoc_bundle(request):
    response = HttpResponse(offline_redoc_bundle(), content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)  # the URL carries the version
    return response


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI; its start-up script is ``?script`` (no inline script)."""

    url_name = "api-schema"


class RedocView(SpectacularRedocView):
    url_name = "api-schema"
    template_name = "api/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        bundle = f"{reverse('api-redoc-bundle')}?v={drf_spectacular_sidecar.__version__}"
        return Response(
            data={
                "title": self.title,
                "redoc_standalone": bundle,
                "schema_url": self._get_schema_url(request),
                "redoc_settings": spectacular_settings.REDOC_UI_SETTINGS,
            },
            template_name=self.template_name,
        )
