"""The browser tests' own database, next to (never inside) the pytest database.

- No ``DATABASE_URL``: the embedded server of ``fotostudio.core.database`` (same
  ``.pgdata``), database ``fotostudio_e2e`` selected with ``EMBEDDED_PG_DATABASE``.
- ``DATABASE_URL`` set: the same server, the URL's database name plus ``_e2e``.
- ``E2E_DATABASE`` overrides the name in both cases (two checkouts sharing one server).

``e2e_database(environ).recreate()`` drops and recreates that database;
``.env`` holds the variables that point a subprocess at it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

E2E_EMBEDDED_DATABASE = "fotostudio_e2e"
E2E_SUFFIX = "_e2e"


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    """The same server URL (credentials, host, query such as ``?host=/socket/dir``) for database ``name``."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def e2e_database_url(database_url: str) -> str:
    """``postgres://u:p@h:5432/app?sslmode=require`` → ``postgres://u:p@h:5432/app_e2e?sslmode=require``."""
    return with_database(database_url, f"{_database_name(database_url) or 'fotostudio'}{E2E_SUFFIX}")


def _libpq_url(url: str) -> str:
    """dj-database-url accepts schemes libpq does not (``postgis://``, ``pgsql://``)."""
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql"))


def recreate_database(maintenance_url: str, name: str) -> None:
    """``DROP DATABASE IF EXISTS name WITH (FORCE)``, then ``CREATE DATABASE name``."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(_libpq_url(maintenance_url), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@dataclass(frozen=True)
class E2EDatabase:
    name: str
    env: dict[str, str] = field(default_factory=dict)  # what the server subprocess needs to use it
    server_url: str | None = None  # DATABASE_URL's server; None: the embedded one
    embedded_dir: Path | None = None

    def maintenance_url(self) -> str:
        if self.server_url:
            return with_database(self.server_url, "postgres")
        from fotostudio.core.database import start_embedded_server

        return start_embedded_server(self.embedded_dir, "postgres")

    def recreate(self) -> None:
        recreate_database(self.maintenance_url(), self.name)


def e2e_database(environ: Mapping[str, str] | None = None) -> E2EDatabase:
    environ = os.environ if environ is None else environ
    override = environ.get("E2E_DATABASE", "").strip()
    database_url = environ.get("DATABASE_URL", "").strip()
    if database_url:
        url = with_database(database_url, override) if override else e2e_database_url(database_url)
        return E2EDatabase(name=_database_name(url), env={"DATABASE_URL": url}, server_url=database_url)

    from fotostudio.core.database import DEFAULT_EMBEDDED_DIR

    name = override or E2E_EMBEDDED_DATABASE
    return E2EDatabase(
        name=name,
        env={"EMBEDDED_PG_DATABASE": name},
        embedded_dir=Path(environ.get("EMBEDDED_PG_DIR", DEFAULT_EMBEDDED_DIR)),
    )
