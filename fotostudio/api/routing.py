"""API routes come from the module registry; a module the tenant does not have answers 404."""

from __future__ import annotations

import functools

from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_module
from django.utils.translation import gettext as _

from fotostudio.core.registry import all_modules, is_module_enabled


def _gate(view, label: str):
    @functools.wraps(view)
    def gated(request, *args, **kwargs):
        if not is_module_enabled(label, getattr(request, "tenant", None)):
            return JsonResponse({"detail": _("Este módulo no está disponible."), "code": "module_disabled"}, status=404)
        return view(request, *args, **kwargs)

    return gated


def _gate_patterns(patterns, label: str) -> list:
    gated = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            gated.append(
                URLResolver(
                    pattern.pattern,
                    _gate_patterns(pattern.url_patterns, label),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        elif isinstance(pattern, URLPattern):
            gated.append(
                URLPattern(pattern.pattern, _gate(pattern.callback, label), pattern.default_args, pattern.name)
            )
    return gated


def module_api_patterns() -> list:
    """Every registered module's API, each behind its on/off switch for the current tenant."""
    patterns = []
    for spec in all_modules():
        if not spec.api_urls:
            continue
        urls = import_module(spec.api_urls)
        patterns.append(path("", include(_gate_patterns(urls.urlpatterns, spec.label))))
    return patterns
