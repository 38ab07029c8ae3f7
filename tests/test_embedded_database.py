"""The embedded PostgreSQL: concurrent start-up shares one server; a failure says what to do; the server
stops with its last user whether that user exits, is interrupted, terminated or killed (real processes)."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from django.core.exceptions import ImproperlyConfigured

from fotostudio.core.database import database_settings, forget_departed_users, start_embedded_server

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


# --- The server stops with its last user, however that user ends ------------------------------------------------

#: A user of the server: joins it (as any manage.py command does), says so, then waits for a line on stdin.
#: Ctrl-C raises KeyboardInterrupt as in a terminal, even when this test runs as a background job of a
#: script (which starts with SIGINT ignored, and Python keeps it so).
USER = textwrap.dedent(
    """
    import signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from fotostudio.core.database import database_settings
    database_settings()
    print("ready", flush=True)
    sys.stdin.readline()
    """
)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pg_dir(tmp_path_factory):
    """One data folder for this module's servers (initdb once); each test starts and must stop its server.
    Whatever a failing test leaves running is shut down here."""
    data_dir = tmp_path_factory.mktemp("embedded") / "pg"
    yield data_dir
    pid = _postmaster_pid(data_dir)
    if pid and psutil.pid_exists(pid):
        os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def _registry(data_dir: Path) -> list[int]:
    return json.loads((data_dir / ".handle_pids.json").read_text() or "[]")


def _join(data_dir: Path) -> subprocess.Popen:
    """A new Python process using the embedded server in ``data_dir``, once it has joined."""
    env = {**os.environ, "EMBEDDED_PG_DIR": str(data_dir), "EMBEDDED_PG_DATABASE": "probe"}
    user = subprocess.Popen(
        [sys.executable, "-c", USER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if user.stdout.readline().strip() != "ready":
        user.kill()
        raise AssertionError(f"the process could not join the server:\n{user.communicate()[1]}")
    return user


def _server_running(pid: int | None) -> bool:
    try:
        return pid is not None and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _assert_server_stopped(data_dir: Path, postmaster: int) -> None:
    deadline = time.monotonic() + 15
    while _server_running(postmaster) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _server_running(postmaster), "the embedded PostgreSQL outlived its last user"
    assert not (data_dir / "postmaster.pid").exists()
    assert _registry(data_dir) == []


def _end(user: subprocess.Popen, how: str) -> int:
    if how == "exit":
        user.stdin.write("\n")
        user.stdin.flush()
    else:
        user.send_signal(getattr(signal, how))
    return user.wait(timeout=30)


@pytest.mark.parametrize(
    ("how", "exit_status"), [("exit", 0), ("SIGINT", -signal.SIGINT), ("SIGTERM", -signal.SIGTERM)]
)
def test_the_server_stops_with_its_last_user_however_it_ends(pg_dir, how, exit_status):
    user = _join(pg_dir)
    postmaster = _postmaster_pid(pg_dir)
    assert _server_running(postmaster)
    assert _registry(pg_dir) == [user.pid]

    assert _end(user, how) == exit_status  # SIGTERM still ends the process as SIGTERM does
    _assert_server_stopped(pg_dir, postmaster)


def test_a_killed_user_left_in_the_registry_does_not_keep_the_server_running(pg_dir):
    killed = _join(pg_dir)
    postmaster = _postmaster_pid(pg_dir)
    killed.kill()  # SIGKILL: no exit handler runs, its id stays in the registry
    killed.wait()
    assert _registry(pg_dir) == [killed.pid]
    assert _server_running(postmaster)

    user = _join(pg_dir)  # joining forgets the dead id...
    assert _registry(pg_dir) == [user.pid]
    assert _postmaster_pid(pg_dir) == postmaster
    assert _end(user, "exit") == 0  # ...so this user is the last one and stops the server
    _assert_server_stopped(pg_dir, postmaster)


def test_a_user_killed_while_another_runs_does_not_keep_the_server_running(pg_dir):
    staying = _join(pg_dir)
    killed = _join(pg_dir)
    postmaster = _postmaster_pid(pg_dir)
    assert sorted(_registry(pg_dir)) == sorted([staying.pid, killed.pid])
    killed.kill()
    killed.wait()

    assert _end(staying, "exit") == 0  # leaving forgets the dead id too: the last user stops the server
    _assert_server_stopped(pg_dir, postmaster)


def test_forgetting_departed_users_keeps_the_living_and_repairs_an_unreadable_registry(tmp_path):
    departed = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(departed.stdout)
    registry = tmp_path / ".handle_pids.json"

    assert forget_departed_users(tmp_path) == []  # no registry yet: nothing written
    assert not registry.exists()
    registry.write_text(json.dumps([gone, os.getpid()]))
    assert forget_departed_users(tmp_path) == [os.getpid()]
    assert _registry(tmp_path) == [os.getpid()]
    registry.write_text('[12, "half a wri')
    assert forget_departed_users(tmp_path) == []
    assert _registry(tmp_path) == []
