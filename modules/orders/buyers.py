"""The orders' buyers by day (``OrderBuyerDay``): how many distinct clients bought, kept by triggers.

Who bought in a period is a distinct count of clients, which does not add up from daily totals. It does from
the first of each client's order days within the bucket: a client bought in the days ``B``–``d`` of a week,
month, quarter or year starting on ``B`` exactly when its first order day of that bucket is one of them. So
each day of ``OrderBuyerDay`` holds, among the clients with an order (not cancelled) that day:

- ``clients``: all of them (the day's buyers);
- ``first_of_week`` / ``first_of_month`` / ``first_of_quarter`` / ``first_of_year``: those for whom it is
  their first order day of that week (ISO, Monday), month, quarter or year;
- ``last_ever``: those for whom it is their last order day (a period up to the last order: its buyers are the
  clients whose last order day is in it).

Three statement-level triggers on ``orders_order`` (after insert, update, delete; django-pgtrigger) recompute
the contribution of the clients whose orders changed — their order days as they are and as they were before
the statement (the transition tables), −1 for each as it was and +1 as it is — and apply the difference in
one ``INSERT … ON CONFLICT DO UPDATE`` in day order. Updates that change no order's client, date or
cancellation (payments, status steps) are skipped. The clients are locked first (a transaction-level
advisory lock per client, in client order) and their orders read by a statement that starts after the lock,
so two transactions writing the same client's orders count one after the other, each on top of what the
other committed. Days at zero are kept (one row per day at most).

``order_buyer_day_rebuild`` recomputes the table from the orders (the migration's backfill; bulk loads that
bypass triggers).
"""

from __future__ import annotations

import pgtrigger
from django.db import connection

from fotostudio.core.triggers import statement_triggers

BUYER_DAY_TABLE = "orders_orderbuyerday"

#: The advisory-lock namespace of the clients' order days (the first key of ``pg_advisory_xact_lock``).
LOCK_NAMESPACE = 40_717

#: The counters' columns, each the flag of one order day (``prev``/``next``: the client's previous and next
#: order days of the same state).
_FLAGS = {
    "clients": "1",
    "first_of_week": "(prev IS NULL OR date_trunc('week', prev::timestamp) <> date_trunc('week', day::timestamp))",
    "first_of_month": "(prev IS NULL OR date_trunc('month', prev::timestamp) <> date_trunc('month', day::timestamp))",
    "first_of_quarter": (
        "(prev IS NULL OR date_trunc('quarter', prev::timestamp) <> date_trunc('quarter', day::timestamp))"
    ),
    "first_of_year": "(prev IS NULL OR date_trunc('year', prev::timestamp) <> date_trunc('year', day::timestamp))",
    "last_ever": "(next IS NULL)",
}

_COLUMNS = ", ".join(_FLAGS)

_APPLY = f"""
    INSERT INTO orders_orderbuyerday AS s (day, {_COLUMNS})
    SELECT day, {", ".join(f"sum({column})" for column in _FLAGS)}
    FROM (
        SELECT day, {", ".join(f"sign * {flag}::int AS {column}" for column, flag in _FLAGS.items())}
        FROM (
            SELECT sign, client_id, day, lag(day) OVER w AS prev, lead(day) OVER w AS next
            FROM ({{states}}) AS states
            WINDOW w AS (PARTITION BY sign, client_id ORDER BY day)
        ) AS linked
    ) AS changes
    GROUP BY day
    HAVING {" OR ".join(f"sum({column}) <> 0" for column in _FLAGS)}
    ORDER BY day
    ON CONFLICT (day) DO UPDATE SET
        {", ".join(f"{column} = s.{column} + excluded.{column}" for column in _FLAGS)};
"""

#: The clients whose order days may change with the statement.
_AFFECTED = {
    "insert": "SELECT client_id FROM new_rows WHERE status <> 'CANCELADO'",
    "delete": "SELECT client_id FROM old_rows WHERE status <> 'CANCELADO'",
    "update": """
        SELECT side.client_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.client_id), (n.client_id)) AS side (client_id)
        WHERE o.client_id <> n.client_id OR o.order_date <> n.order_date
           OR (o.status = 'CANCELADO') <> (n.status = 'CANCELADO')
    """,
}

_LOCK = f"""
    PERFORM pg_advisory_xact_lock({LOCK_NAMESPACE}, hashtext(c.client_id::text))
    FROM (SELECT DISTINCT client_id FROM ({{affected}}) AS a ORDER BY client_id) AS c;
"""

#: Their order days as they are (+1) and as they were before the statement (−1): the orders now, without the
#: statement's new rows, with its old rows.
_STATES = """
    SELECT DISTINCT 1 AS sign, o.client_id, o.order_date AS day FROM orders_order o
    WHERE o.client_id IN ({affected}) AND o.status <> 'CANCELADO'
    UNION ALL
    SELECT DISTINCT -1, was.client_id, was.order_date FROM (
        SELECT o.client_id, o.order_date, o.status FROM orders_order o
        WHERE o.client_id IN ({affected}) {without_new}
        {with_old}
    ) AS was
    WHERE was.status <> 'CANCELADO'
"""


def _function(operation: str) -> str:
    new = operation in ("insert", "update")
    old = operation in ("delete", "update")
    affected = _AFFECTED[operation]
    states = _STATES.format(
        affected=affected,
        without_new="AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)" if new else "",
        with_old=f"UNION ALL SELECT client_id, order_date, status FROM old_rows WHERE client_id IN ({affected})"
        if old
        else "",
    )
    return (
        f"IF NOT EXISTS ({affected}) THEN RETURN NULL; END IF;"
        + _LOCK.format(affected=affected)
        + _APPLY.format(states=states)
        + "RETURN NULL;"
    )


def buyer_day_triggers() -> list[pgtrigger.Trigger]:
    """The three triggers of ``Order.Meta.triggers`` that keep ``OrderBuyerDay``."""
    return statement_triggers("orders_buyers", _trigger_function)


def _trigger_function(*, new: bool, old: bool) -> str:
    return _function("update" if new and old else "insert" if new else "delete")


#: The table recomputed from the orders (the current schema's).
REBUILD_SQL = f"DELETE FROM {BUYER_DAY_TABLE};" + _APPLY.format(
    states="SELECT DISTINCT 1 AS sign, client_id, order_date AS day FROM orders_order WHERE status <> 'CANCELADO'"
)


def order_buyer_day_rebuild() -> None:
    """Recompute the buyers by day of the current business from its orders (in the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL)
