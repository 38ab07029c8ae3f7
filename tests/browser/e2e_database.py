"""The browser tests' own database, next to (never inside) the pytest database.

- No ``DATABASE_URL``: the embedded server of ``fotostudio.database`` (same
  ``.pgdata``), database ``fotostudio_e2e`` selected with ``EMBEDDED_PG_DATABASE``.
- ``DATABASE_URL`` set: the same server, the URL's database name plus ``_e2e``.

``e2e_database_recreate`` drops and recreates that database and returns the
environment variables that point a subprocess at it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

E2E_EMBEDDED_DATABASE = "fotostudio_e2e"
E2E_SUFFIX = "_e2e"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def e2e_database_url(database_url: str) -> str:
    """``postgres://u:p@h:5432/app?x=1`` → ``postgres://u:p@h:5432/app_e2e?x=1``."""
    name = urlsplit(database_url).path.lstrip("/") or "fotostudio"
    return _with_database(database_url, f"{name}{E2E_SUFFIX}")


def _libpq_url(url: str) -> str:
    """dj-database-url accepts schemes libpq does not (``postgis://``, ``pgsql://``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def recreate_database(maintenance_url: str, name: str) -> None:
    """``DROP DATABASE IF EXISTS name WITH (FORCE)`` then ``CREATE DATABASE name``."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(_libpq_url(maintenance_url), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def e2e_database_recreate(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Recreate the e2e database empty; return the env overrides for the server subprocess."""
    environ = os.environ if environ is None else environ
    database_url = environ.get("DATABASE_URL", "").strip()
    if database_url:
        url = e2e_database_url(database_url)
        recreate_database(_with_database(database_url, "postgres"), urlsplit(url).path.lstrip("/"))
        return {"DATABASE_URL": url}

    from fotostudio.database import DEFAULT_EMBEDDED_DIR, start_embedded_server

    data_dir = Path(environ.get("EMBEDDED_PG_DIR", DEFAULT_EMBEDDED_DIR))
    recreate_database(start_embedded_server(data_dir, "postgres"), E2E_EMBEDDED_DATABASE)
    return {"EMBEDDED_PG_DATABASE": E2E_EMBEDDED_DATABASE}
