"""The clients' maintained counters (``ClientCount``): their triggers and rebuild.

One row per client type and active flag with how many clients and the sum of their students, so the
dashboard's totals read four rows instead of the whole clients table. Three statement-level triggers on
``clients_client`` (after insert, update and delete; django-pgtrigger, installed by the migration in every
business's schema) read the statement's transition tables and apply the difference in one
``INSERT … ON CONFLICT DO UPDATE``: +1 and the students of each row as it is, −1 and the students of each row
as it was, grouped by key.

- Keys whose sums do not change (a change of name, phone…) are left out: no write, no lock.
- Keys are written in their order, so two transactions never deadlock on them; clients created at the same
  moment with the same type and state wait for each other's commit on that row (a rolled-back client never
  counted). Rows at zero are kept (four keys at most).

``client_count_rebuild`` recomputes the table from the clients (the migration's backfill, and bulk loads that
bypass triggers with ``session_replication_role = replica``).
"""

from __future__ import annotations

import pgtrigger
from django.db import connection

from fotostudio.core.triggers import statement_triggers

COUNT_TABLE = "clients_clientcount"

#: The contribution of a set of client rows (``sign``: 1 for new rows, -1 for old ones).
_ROWS = """
    SELECT client_type, is_active, {sign} AS clients, {sign} * coalesce(student_count, 0)::bigint AS students
    FROM {rows}
"""

_APPLY = """
    INSERT INTO clients_clientcount AS c (client_type, is_active, clients, students)
    SELECT client_type, is_active, sum(clients), sum(students)
    FROM ({rows}) AS changes
    GROUP BY client_type, is_active
    HAVING sum(clients) <> 0 OR sum(students) <> 0
    ORDER BY client_type, is_active
    ON CONFLICT (client_type, is_active) DO UPDATE SET
        clients = c.clients + excluded.clients, students = c.students + excluded.students;
"""


def _function(*, new: bool, old: bool) -> str:
    parts = [*(["new_rows"] if new else []), *(["old_rows"] if old else [])]
    signs = {"new_rows": "1", "old_rows": "-1"}
    rows = " UNION ALL ".join(_ROWS.format(sign=signs[part], rows=part) for part in parts)
    return _APPLY.format(rows=rows) + "RETURN NULL;"


def count_triggers() -> list[pgtrigger.Trigger]:
    """The three triggers of ``Client.Meta.triggers``."""
    return statement_triggers("clients_count", _function)


#: The counters recomputed from the clients (the current schema's).
REBUILD_SQL = f"DELETE FROM {COUNT_TABLE};" + _APPLY.format(rows=_ROWS.format(sign="1", rows="clients_client"))


def client_count_rebuild() -> None:
    """Recompute the counters of the current business from its clients (in the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(REBUILD_SQL)
