"""Tables kept by PostgreSQL itself: the three after-statement triggers of a maintained summary.

A summary (the orders' day summary, the clients' counts…) is updated by triggers on its source table that run
once per statement and see the statement's rows as transition tables: ``new_rows`` (inserted, or updated as
they are now) and ``old_rows`` (deleted, or updated as they were). Every write counts however it is made
(services, admin, bulk ``update()``, raw SQL), in the writer's transaction.
"""

from __future__ import annotations

from collections.abc import Callable

import pgtrigger


def statement_triggers(prefix: str, body: Callable[..., str]) -> list[pgtrigger.Trigger]:
    """``<prefix>_insert``, ``<prefix>_update`` and ``<prefix>_delete``, after each statement, each running
    ``body(new=…, old=…)``: whether the statement has ``new_rows``, ``old_rows`` or both."""
    return [
        pgtrigger.Trigger(
            name=f"{prefix}_{operation.name.lower()}",
            operation=operation,
            when=pgtrigger.After,
            level=pgtrigger.Statement,
            referencing=pgtrigger.Referencing(**{side: f"{side}_rows" for side in ("old", "new") if tables[side]}),
            func=body(new=tables["new"], old=tables["old"]),
        )
        for operation, tables in (
            (pgtrigger.Insert, {"new": True, "old": False}),
            (pgtrigger.Update, {"new": True, "old": True}),
            (pgtrigger.Delete, {"new": False, "old": True}),
        )
    ]
