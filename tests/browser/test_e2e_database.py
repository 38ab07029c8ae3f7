"""The browser tests' database naming (no browser, no server)."""

from pathlib import Path

from tests.browser.e2e_database import e2e_database, e2e_database_url


def test_database_url_gets_the_e2e_suffix_and_keeps_the_rest():
    url = "postgres://user:secret@db.internal:5432/fotostudio?sslmode=require"
    assert e2e_database_url(url) == "postgres://user:secret@db.internal:5432/fotostudio_e2e?sslmode=require"
    socket = "postgresql://postgres:@/fotostudio?host=/srv/.pgdata"
    assert e2e_database_url(socket) == "postgresql://postgres:@/fotostudio_e2e?host=/srv/.pgdata"


def test_given_server_uses_the_derived_url_and_its_postgres_database_for_maintenance():
    database = e2e_database({"DATABASE_URL": "postgres://u:p@h:5432/app"})
    assert database.name == "app_e2e"
    assert database.env == {"DATABASE_URL": "postgres://u:p@h:5432/app_e2e"}
    assert database.maintenance_url() == "postgres://u:p@h:5432/postgres"


def test_embedded_server_uses_its_own_database_name_and_e2e_database_overrides_it():
    database = e2e_database({"EMBEDDED_PG_DIR": "/tmp/pg"})
    assert (database.name, database.env, database.embedded_dir) == (
        "fotostudio_e2e",
        {"EMBEDDED_PG_DATABASE": "fotostudio_e2e"},
        Path("/tmp/pg"),
    )
    assert e2e_database({"E2E_DATABASE": "mine_e2e"}).env == {"EMBEDDED_PG_DATABASE": "mine_e2e"}
    assert e2e_database({"DATABASE_URL": "postgres://h/app", "E2E_DATABASE": "x"}).env == {
        "DATABASE_URL": "postgres://h/x"
    }
