"""The embedded PostgreSQL: concurrent start-up shares one server; a failure says what to do."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fotostudio.core.database import database_settings, start_embedded_server

PROBE = textwrap.dedent(
    """
    import sys, psycopg
    from pathlib import Path
    from fotostudio.core.database import start_embedded_server
    url = start_embedded_server(Path(sys.argv[1]), "probe")
    with psycopg.connect(url) as connection:
        print(connection.execute("SELECT current_database()").fetchone()[0])
    """
)


def test_two_processes_starting_at_once_share_one_healthy_server(tmp_path):
    data_dir = tmp_path / "pg"
    command = [sys.executable, "-c", PROBE, str(data_dir)]
    cwd = Path(__file__).resolve().parent.parent
    processes = [
        subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    assert [stdout.strip() for stdout, _stderr in outputs] == ["probe", "probe"]
    assert (data_dir / "PG_VERSION").exists()


def test_a_server_that_cannot_start_raises_a_clear_message(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the data folder should be")

    with pytest.raises(ImproperlyConfigured) as excinfo:
        start_embedded_server(blocker / "pg", "fotostudio")

    message = str(excinfo.value)
    assert "DATABASE_URL" in message
    assert str(blocker / "pg") in message


def test_database_url_wins_over_the_embedded_server():
    config = database_settings({"DATABASE_URL": "postgres://app:secret@db.internal:5433/studio"})

    assert config["ENGINE"] == "django_tenants.postgresql_backend"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.internal", 5433, "studio", "app")


def test_socket_directory_of_embedded_urls_becomes_the_host():
    config = database_settings({"DATABASE_URL": "postgresql://postgres:@/fotostudio?host=/tmp/pgsock"})

    assert config["HOST"] == "/tmp/pgsock"
    assert "host" not in config.get("OPTIONS", {})
