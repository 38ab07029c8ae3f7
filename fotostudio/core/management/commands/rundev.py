"""``manage.py rundev [addrport]``: what ``make run`` serves with, and how it stops.

It runs the development processes as children and stops them together on Ctrl-C,
SIGTERM (a process manager, CI) or SIGHUP (a closed terminal): ``runserver`` (with its
autoreloader) and a background jobs worker (``manage.py procrastinate worker``,
``fotostudio.jobs``). Each child is one entry in :meth:`Command.processes`.

- The worker does not reload itself when code changes: restart ``make run`` after
  changing a job's code. On SIGTERM it stops taking jobs and lets the running ones end
  (``shutdown_graceful_timeout``, 20 s), within this command's own ``STOP_TIMEOUT``.
- On a database without the jobs queue (never migrated: ``make run`` migrates first)
  the worker is not started, and rundev says so.

- Each child runs in its own process group, so a terminal's Ctrl-C reaches only this
  supervisor (and ``make``), which then signals each child exactly once: a worker that
  gets a second SIGTERM usually stops at once instead of finishing its job.
- The deepest processes of each child are signalled first. runserver's autoreloader
  parent turns SIGTERM into ``SystemExit``, and ``subprocess.run`` then SIGKILLs the
  serving child: that child never ran its exit handlers, so it never left the
  embedded PostgreSQL's registry of users and the server outlived ``make run``.
  Signalled itself, the serving child exits normally and its parent follows.
- If a child ends on its own, the others are stopped and rundev exits with its code.
- Children get SIGTERM if rundev itself is killed (Linux), so none is left serving.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

#: Seconds the children have to stop after the first signal before they are killed: more than the worker's
#: ``shutdown_graceful_timeout`` (settings' ``PROCRASTINATE_WORKER_DEFAULTS``), so a running job can end.
STOP_TIMEOUT = 30
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: a killed rundev leaves its children to the user


def deepest_descendants(pid: int) -> list:
    """The processes under ``pid`` that have no children of their own (none when ``pid`` has no children)."""
    import psutil

    try:
        return [process for process in psutil.Process(pid).children(recursive=True) if not process.children()]
    except psutil.NoSuchProcess:  # a process ended meanwhile: the next round looks again
        return []


def jobs_queue_exists() -> bool:
    """Whether procrastinate's tables are in the database (its migrations ran). The connection is closed
    again: the supervisor holds none while it waits."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('public.procrastinate_jobs') IS NOT NULL")
            return bool(cursor.fetchone()[0])
    finally:
        connection.close()


def listens_beyond_this_machine(addrport: str) -> bool:
    host = addrport.rpartition(":")[0] if ":" in addrport else ""
    return bool(host) and host not in LOOPBACK_HOSTS


class Command(BaseCommand):
    help = (
        "Servidor de desarrollo (runserver con recarga automática) y trabajador de tareas en segundo plano; "
        "Ctrl-C o SIGTERM los detienen por completo."
    )
    requires_system_checks = []  # runserver runs them

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="dirección:puerto de runserver")

    def processes(self, addrport: str) -> dict[str, list[str]]:
        """The children, by name: the web server and the background jobs worker."""
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        children = {"web": [*manage, "runserver", addrport]}
        if jobs_queue_exists():
            children["worker"] = [*manage, "procrastinate", "worker"]
        else:
            self.stderr.write(
                self.style.WARNING(
                    "Sin trabajador de tareas en segundo plano: la base de datos no tiene la cola de trabajos "
                    "(manage.py migrate_schemas --shared la crea; make run migra antes de servir)."
                )
            )
        return children

    def handle(self, *args, addrport: str, **options):
        if listens_beyond_this_machine(addrport):
            self.stderr.write(
                self.style.WARNING(
                    f"Atención: el servidor de desarrollo escucha en {addrport}; otras máquinas de la red "
                    "pueden conectarse a él."
                )
            )
        requested: list[int] = []

        def request_stop(signum, _frame):
            requested.append(signum)

        previous = {signum: signal.signal(signum, request_stop) for signum in STOP_SIGNALS}
        children: dict[str, subprocess.Popen] = {}
        try:
            for name, command in self.processes(addrport).items():
                children[name] = subprocess.Popen(command, process_group=0, preexec_fn=_die_with_parent)
            exit_code = self._wait(children, requested)
        finally:
            self._stop(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if exit_code:
            sys.exit(exit_code)

    def _wait(self, children: dict[str, subprocess.Popen], requested: list[int]) -> int:
        """Until a stop is requested (0) or a child ends on its own (its code, at least 1)."""
        while not requested:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    self.stderr.write(f"rundev: «{name}» terminó con el código {code}; deteniendo el resto.")
                    return code or 1
            time.sleep(0.2)
        return 0

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        """SIGTERM each process once, deepest first (see the module's docstring), until every child has ended;
        SIGKILL their process groups after ``STOP_TIMEOUT``.

        A child whose descendants were signalled is left to exit on its own when they end (a second signal
        would reach runserver's autoreloader parent while it runs its own exit handlers); a serving process
        that the autoreloader starts meanwhile is a new process and gets its SIGTERM too."""
        import psutil

        self.stdout.write("Deteniendo FotoStudio…")
        self.stdout.flush()
        signalled: set[tuple[int, float]] = set()
        waiting_for_descendants: set[int] = set()
        deadline = time.monotonic() + STOP_TIMEOUT
        while running := [child for child in children.values() if child.poll() is None]:
            if time.monotonic() > deadline:
                for child in running:
                    self.stderr.write(f"rundev: el proceso {child.pid} no se detuvo en {STOP_TIMEOUT} s; se fuerza.")
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
                break
            for child in running:
                targets = deepest_descendants(child.pid)
                if targets:
                    waiting_for_descendants.add(child.pid)
                elif child.pid not in waiting_for_descendants:
                    targets = [psutil.Process(child.pid)]  # running: poll() said so, and it is not reaped yet
                for process in targets:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        key = (process.pid, process.create_time())
                        if key not in signalled:
                            signalled.add(key)
                            process.terminate()
            time.sleep(0.1)
        self.stdout.write("FotoStudio detenido.")
