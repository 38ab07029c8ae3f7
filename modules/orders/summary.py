"""The orders' maintained summaries (``OrderDaySummary``, ``OrderDeliverySummary``, ``ClientFirstOrder``): their
triggers and rebuild.

Three statement-level triggers on ``orders_order`` (after insert, update and delete; django-pgtrigger,
installed by the migrations in every business's schema) read the statement's transition tables — the rows
as they were (``old_rows``) and as they are (``new_rows``) — and apply the difference to the summaries in
one ``INSERT … ON CONFLICT DO UPDATE`` each: +1 and the new amounts for each new row, −1 and the old amounts
for each old row, grouped by the summary's key. So the summaries change in the same transaction as the
orders, whoever writes them (the services, the admin, a script), and a rolled-back order never counted.

- Keys whose sums do not change (an order's notes, a status step that keeps its day, service and amounts in
  the same key…) are left out: no write, no lock.
- The keys are written in their order (``ORDER BY``), so two transactions touching the same keys lock them in
  the same order and never deadlock on them; orders created at the same moment for the same day, service
  and status wait for each other's commit on that summary row (they already do on the business's number).
- A key that reaches zero orders is deleted.
- ``ClientFirstOrder``: new or changed orders that are not cancelled can only move a client's first order
  earlier (``least``, safe under concurrency); a cancelled, deleted or moved one may move it later, so those
  clients' rows are locked and recomputed from the orders (``orders_order_client_id_…`` index).

``order_summary_rebuild`` recomputes both tables from the orders (the migration's backfill, and bulk loads
that bypass the triggers with ``session_replication_role = replica``).
"""

from __future__ import annotations

import pgtrigger
from django.db import connection

from fotostudio.core.triggers import statement_triggers

DAY_TABLE = "orders_orderdaysummary"
DELIVERY_TABLE = "orders_orderdeliverysummary"
FIRST_ORDER_TABLE = "orders_clientfirstorder"

#: Each client's first order that was not cancelled, from the orders.
FIRST_ORDER_REBUILD_SQL = """
    INSERT INTO orders_clientfirstorder (client_id, first_day)
    SELECT client_id, min(order_date) FROM orders_order WHERE status <> 'CANCELADO' GROUP BY client_id;
"""

#: The day summary's contribution of a set of order rows (``sign``: 1 for new rows, -1 for old ones).
_DAY_ROWS = """
    SELECT order_date AS day, service_type_id, status, {sign} AS orders, {sign} * total AS total,
           {sign} * paid_total AS paid, {sign} * balance AS balance, {sign} * (balance > 0)::int AS with_balance
    FROM {rows}
"""

_DAY_APPLY = """
    INSERT INTO orders_orderdaysummary AS s (day, service_type_id, status, orders, total, paid, balance, with_balance)
    SELECT day, service_type_id, status, sum(orders), sum(total), sum(paid), sum(balance), sum(with_balance)
    FROM ({rows}) AS changes
    GROUP BY day, service_type_id, status
    HAVING sum(orders) <> 0 OR sum(total) <> 0 OR sum(paid) <> 0 OR sum(balance) <> 0 OR sum(with_balance) <> 0
    ORDER BY day, service_type_id, status
    ON CONFLICT (day, service_type_id, status) DO UPDATE SET
        orders = s.orders + excluded.orders, total = s.total + excluded.total, paid = s.paid + excluded.paid,
        balance = s.balance + excluded.balance, with_balance = s.with_balance + excluded.with_balance;
"""

_DAY_PRUNE = """
    DELETE FROM orders_orderdaysummary s USING (SELECT DISTINCT order_date, service_type_id, status FROM old_rows) k
    WHERE s.day = k.order_date AND s.service_type_id = k.service_type_id AND s.status = k.status AND s.orders = 0;
"""

#: The delivery summary's contribution (delivered orders only), by quarter of an hour of ``delivered_at``.
_DELIVERY_ROWS = """
    SELECT date_bin('15 minutes', delivered_at, timestamptz '2000-01-01 00:00+00') AS slot, promised_date,
           {sign} AS orders, {sign} * (order_date - date '2000-01-01')::bigint AS order_days
    FROM {rows} WHERE status = 'ENTREGADO' AND delivered_at IS NOT NULL
"""

_DELIVERY_APPLY = """
    INSERT INTO orders_orderdeliverysummary AS s (slot, promised_date, orders, order_days)
    SELECT slot, promised_date, sum(orders), sum(order_days)
    FROM ({rows}) AS changes
    GROUP BY slot, promised_date
    HAVING sum(orders) <> 0 OR sum(order_days) <> 0
    ORDER BY slot, promised_date
    ON CONFLICT (slot, promised_date) DO UPDATE SET
        orders = s.orders + excluded.orders, order_days = s.order_days + excluded.order_days;
"""

_DELIVERY_PRUNE = """
    DELETE FROM orders_orderdeliverysummary s
    USING (SELECT DISTINCT date_bin('15 minutes', delivered_at, timestamptz '2000-01-01 00:00+00') AS slot,
                  promised_date
           FROM old_rows WHERE status = 'ENTREGADO' AND delivered_at IS NOT NULL) k
    WHERE s.slot = k.slot AND s.promised_date IS NOT DISTINCT FROM k.promised_date AND s.orders = 0;
"""


#: A client's first order can only move earlier with these rows (new orders, or changed ones that are not
#: cancelled): ``least`` of what is kept and theirs. Monotone, so concurrent writers never lose one another's.
_FIRST_EARLIER = """
    INSERT INTO orders_clientfirstorder AS f (client_id, first_day)
    SELECT client_id, min(order_date) FROM ({rows}) AS earlier
    GROUP BY client_id ORDER BY client_id
    ON CONFLICT (client_id) DO UPDATE SET first_day = excluded.first_day WHERE excluded.first_day < f.first_day;
"""

#: The clients whose first order may have moved later (an order cancelled, deleted, moved to a later date or
#: to another client): their rows locked (in client order), then recomputed from the orders by a statement
#: that starts after the lock, so it sees what any writer that held the lock committed.
_FIRST_LATER = """
    PERFORM 1 FROM orders_clientfirstorder f WHERE f.client_id IN (SELECT client_id FROM ({rows}) AS later)
    ORDER BY f.client_id FOR UPDATE;
    UPDATE orders_clientfirstorder f SET first_day = m.first_day
    FROM (
        SELECT c.client_id, (SELECT min(o.order_date) FROM orders_order o
                             WHERE o.client_id = c.client_id AND o.status <> 'CANCELADO') AS first_day
        FROM (SELECT DISTINCT client_id FROM ({rows}) AS later) c
    ) m
    WHERE f.client_id = m.client_id AND m.first_day IS NOT NULL AND f.first_day <> m.first_day;
    DELETE FROM orders_clientfirstorder f
    WHERE f.client_id IN (SELECT client_id FROM ({rows}) AS later)
      AND NOT EXISTS (SELECT 1 FROM orders_order o WHERE o.client_id = f.client_id AND o.status <> 'CANCELADO');
"""

#: Update: the rows whose client, date or cancellation changed, as they are now (earlier) and as they were (later).
_CHANGED = """
    SELECT {side}.client_id, {side}.order_date FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE {side}.status <> 'CANCELADO' AND (o.client_id <> n.client_id OR o.order_date <> n.order_date
                                            OR (o.status = 'CANCELADO') <> (n.status = 'CANCELADO'))
"""


def _first_order(*, new: bool, old: bool) -> str:
    if new and old:
        return _FIRST_EARLIER.format(rows=_CHANGED.format(side="n")) + _FIRST_LATER.format(
            rows=_CHANGED.format(side="o")
        )
    if new:
        return _FIRST_EARLIER.format(rows="SELECT client_id, order_date FROM new_rows WHERE status <> 'CANCELADO'")
    return _FIRST_LATER.format(rows="SELECT client_id, order_date FROM old_rows WHERE status <> 'CANCELADO'")


def _function(*, new: bool, old: bool) -> str:
    parts = [*(["new_rows"] if new else []), *(["old_rows"] if old else [])]
    signs = {"new_rows": "1", "old_rows": "-1"}
    day_rows = " UNION ALL ".join(_DAY_ROWS.format(sign=signs[rows], rows=rows) for rows in parts)
    delivery_rows = " UNION ALL ".join(_DELIVERY_ROWS.format(sign=signs[rows], rows=rows) for rows in parts)
    body = _DAY_APPLY.format(rows=day_rows) + _DELIVERY_APPLY.format(rows=delivery_rows)
    if old:
        body += _DAY_PRUNE + _DELIVERY_PRUNE
    return body + _first_order(new=new, old=old) + "RETURN NULL;"


def summary_triggers() -> list[pgtrigger.Trigger]:
    """The three triggers of ``Order.Meta.triggers``."""
    return statement_triggers("orders_summary", _function)


#: The summaries recomputed from the orders (the current schema's).
REBUILD_SQL = (
    f"DELETE FROM {DAY_TABLE}; DELETE FROM {DELIVERY_TABLE}; DELETE FROM {FIRST_ORDER_TABLE};"
    + _DAY_APPLY.format(rows=_DAY_ROWS.format(sign="1", rows="orders_order"))
    + _DELIVERY_APPLY.format(rows=_DELIVERY_ROWS.format(sign="1", rows="orders_order"))
    + FIRST_ORDER_REBUILD_SQL
)


def order_summary_rebuild() -> None:
    """Recompute the summaries of the current business from its orders (in the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL)
