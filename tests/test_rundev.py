"""``manage.py rundev`` (what ``make run`` serves with): real processes on a temporary embedded PostgreSQL.

Stopped with SIGTERM (a process manager, CI) or SIGINT (Ctrl-C), it stops runserver's
autoreloader parent and serving child and the background jobs worker, and the embedded
server stops with them.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from fotostudio.core.management.commands.rundev import deepest_descendants, listens_beyond_this_machine

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"TEST_DATABASE_NAME", "PYTEST_ADDOPTS"}}
    env.update(
        DJANGO_SETTINGS_MODULE="fotostudio.settings.development",
        EMBEDDED_PG_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    return env


def _manage(data_dir: Path, *args: str) -> str:
    """``manage.py <args>`` on the temporary server; its output."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _rundev(data_dir: Path, addrport: str, log: Path) -> subprocess.Popen:
    env = _env(data_dir)
    with log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "rundev", addrport],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_healthy(port: int, rundev: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert rundev.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"rundev did not answer on {port}:\n{log.read_text()}")


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_rundev_stops_runserver_and_the_embedded_server_on_sigterm_and_sigint(tmp_path, stop_signal):
    data_dir, log, port = tmp_path / "pg", tmp_path / "rundev.log", _free_port()
    rundev = _rundev(data_dir, f"127.0.0.1:{port}", log)
    try:
        _wait_healthy(port, rundev, log)
        runserver = psutil.Process(rundev.pid).children(recursive=True)
        assert len(runserver) == 2  # the autoreloader's parent and its serving child
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])

        rundev.send_signal(stop_signal)
        assert rundev.wait(timeout=60) == 0, log.read_text()
    finally:
        if rundev.poll() is None:
            os.killpg(rundev.pid, signal.SIGKILL)
    output = log.read_text()
    assert "FotoStudio detenido." in output
    assert "Traceback" not in output  # every process ended cleanly, none was killed in its exit handlers
    assert all(_gone(process.pid) for process in runserver)
    deadline = time.monotonic() + 15
    while not _gone(postmaster) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(postmaster), "the embedded PostgreSQL outlived make run"
    assert (data_dir / ".handle_pids.json").read_text() == "[]"


JOB_STATUS = """
import time
from procrastinate.contrib.django.models import ProcrastinateJob
for _ in range(300):
    status = ProcrastinateJob.objects.get(id={job_id}).status
    if status not in ("todo", "doing"):
        break
    time.sleep(0.1)
print(status)
"""


def test_rundev_runs_a_jobs_worker_beside_the_web_server_and_stops_both(tmp_path):
    data_dir, log, port = tmp_path / "pg", tmp_path / "rundev.log", _free_port()
    _manage(data_dir, "migrate_schemas", "--shared", "--verbosity", "0")  # the queue's tables, as make run does
    rundev = _rundev(data_dir, f"127.0.0.1:{port}", log)
    try:
        _wait_healthy(port, rundev, log)
        children = psutil.Process(rundev.pid).children()
        (worker,) = [child for child in children if child.cmdline()[-2:] == ["procrastinate", "worker"]]
        assert len(children) == 2  # runserver's autoreloader and the worker, each in its own process group
        assert os.getpgid(worker.pid) == worker.pid != os.getpgid(rundev.pid)

        job_id = _manage(
            data_dir,
            "shell",
            "-c",
            "from procrastinate.contrib.django import app; print(app.tasks['jobs.prune_queue'].defer(timestamp=0))",
        ).split()[-1]
        assert _manage(data_dir, "shell", "-c", JOB_STATUS.format(job_id=job_id)).split()[-1] == "succeeded"
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])

        rundev.send_signal(signal.SIGTERM)
        assert rundev.wait(timeout=60) == 0, log.read_text()
    finally:
        if rundev.poll() is None:
            os.killpg(rundev.pid, signal.SIGKILL)
    output = log.read_text()
    assert "Sin trabajador" not in output
    assert "FotoStudio detenido." in output and "Traceback" not in output
    assert _gone(worker.pid)
    deadline = time.monotonic() + 15
    while not _gone(postmaster) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(postmaster), "the embedded PostgreSQL outlived make run"
    assert (data_dir / ".handle_pids.json").read_text() == "[]"


def test_rundev_stops_and_fails_when_runserver_ends_on_its_own(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log = tmp_path / "rundev.log"
        rundev = _rundev(tmp_path / "pg", f"127.0.0.1:{port}", log)
        try:
            assert rundev.wait(timeout=90) != 0
        finally:
            if rundev.poll() is None:
                os.killpg(rundev.pid, signal.SIGKILL)
    output = log.read_text()
    assert "«web» terminó con el código" in output
    assert "FotoStudio detenido." in output
    assert "Sin trabajador de tareas en segundo plano" in output  # a database never migrated has no queue


def test_only_loopback_addresses_count_as_this_machine():
    assert not listens_beyond_this_machine("127.0.0.1:8000")
    assert not listens_beyond_this_machine("localhost:8000")
    assert not listens_beyond_this_machine("[::1]:8000")
    assert not listens_beyond_this_machine("8000")  # runserver's own default: 127.0.0.1
    assert listens_beyond_this_machine("0.0.0.0:8000")
    assert listens_beyond_this_machine("192.168.1.20:8000")


def test_the_deepest_descendants_of_a_process_tree_are_its_leaves():
    tree = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', 'input()'])"],
        stdin=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not (leaves := deepest_descendants(tree.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [leaf.ppid() for leaf in leaves] == [tree.pid]
        assert deepest_descendants(leaves[0].pid) == []
    finally:
        tree.kill()
        tree.wait()
        for leaf in leaves:
            leaf.kill()
