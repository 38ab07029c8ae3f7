"""Cached tenant resolution: once warm, a request resolves its tenant with no SQL.

Entries are keyed by a generation number that every change to a tenant or a
domain bumps (see ``signals.py``), so an edit is seen at once by every process
sharing the cache; the timeout only bounds memory.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import get_public_schema_name, schema_context

from .models import Domain, Tenant

_GENERATION_KEY = "tenants:generation"
_MISSING = "missing"


def _new_generation() -> int:
    # Never a number used before: if the cache drops the generation key, entries of
    # an older generation that are still cached must not come back to life.
    return time.time_ns()


def _generation() -> int:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
        if not cache.add(_GENERATION_KEY, generation, timeout=None):  # another process was first
            generation = cache.get(_GENERATION_KEY, generation)
    return generation


def _cached(kind: str, value: str, load) -> Tenant | None:
    with schema_context(get_public_schema_name()):
        key = f"tenants:{_generation()}:{kind}:{value.lower()}"
        found = cache.get(key)
        if found is None:
            tenant = load(value)
            cache.set(key, tenant if tenant is not None else _MISSING, settings.TENANT_CACHE_TIMEOUT)
            return tenant
        return None if found == _MISSING else found


def _load_by_host(host: str) -> Tenant | None:
    domain = Domain.objects.select_related("tenant").filter(domain__iexact=host).first()
    return domain.tenant if domain else None


def _load_by_slug(slug: str) -> Tenant | None:
    return Tenant.objects.filter(schema_name=slug.lower()).first()


def tenant_for_host(host: str) -> Tenant | None:
    return _cached("host", host, _load_by_host)


def tenant_for_slug(slug: str) -> Tenant | None:
    return _cached("slug", slug, _load_by_slug)


def invalidate() -> None:
    with schema_context(get_public_schema_name()):
        try:
            cache.incr(_GENERATION_KEY)
        except ValueError:  # no generation yet, or the cache dropped it
            cache.set(_GENERATION_KEY, _new_generation(), timeout=None)
