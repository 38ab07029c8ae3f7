"""The business's stored settings, cached: once warm, reading a setting runs no SQL.

One snapshot per business (the cache's keys carry the schema: ``django_tenants.cache.make_key``),
filed under a generation number that every change bumps, as ``tenants/cache.py`` does: a
process that read the rows just before another one committed a change files its (old)
snapshot under a generation nobody asks for any more, so every process sharing the cache
sees a change at once. The timeout only bounds memory.

Inside a transaction that has changed settings the snapshot is read from the database and
not cached: the change is not committed yet and may still be rolled back.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import schema_context

from .models import Setting

_GENERATION_KEY = "configuration:generation"
#: Marks the callback a change registers to run on commit: while it waits, the transaction has changed settings.
_MARK = "configuration_invalidation"


def _new_generation() -> int:
    # Never a number used before (see tenants/cache.py): old snapshots must not come back to life.
    return time.time_ns()


def _generation() -> int:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
        if not cache.add(_GENERATION_KEY, generation, timeout=None):
            generation = cache.get(_GENERATION_KEY, generation)
    return generation


def _load() -> dict[str, Any]:
    rows = list(Setting.objects.values_list("key", "value", "updated_at"))
    changed: datetime | None = max((updated for _key, _value, updated in rows), default=None)
    return {"values": {key: value for key, value, _updated in rows}, "updated_at": changed}


def _changed_in_this_transaction() -> bool:
    """Whether the open transaction has changed settings: our commit callback is still waiting (Django drops
    it when the transaction, or the savepoint that registered it, is rolled back)."""
    return connection.in_atomic_block and any(
        getattr(callback, _MARK, False) for _savepoints, callback, _robust in connection.run_on_commit
    )


def snapshot() -> dict[str, Any]:
    """``{"values": {key: stored JSON}, "updated_at": latest change}`` of the current schema's rows."""
    if _changed_in_this_transaction():
        return _load()
    key = f"configuration:snapshot:{_generation()}"
    found = cache.get(key)
    if found is None:
        found = _load()
        cache.set(key, found, settings.CONFIGURATION_CACHE_TIMEOUT)
    return found


def invalidate() -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # no generation yet, or the cache dropped it
        cache.set(_GENERATION_KEY, _new_generation(), timeout=None)


def changed() -> None:
    """Call after writing settings: every process reads them again, now and once the change is committed."""
    invalidate()
    if connection.in_atomic_block:
        schema = connection.schema_name

        def after_commit():
            if connection.schema_name == schema:
                invalidate()
            else:  # the cache's keys carry the schema: the business that changed
                with schema_context(schema):
                    invalidate()

        setattr(after_commit, _MARK, True)
        transaction.on_commit(after_commit)
