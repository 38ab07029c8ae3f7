"""``make load``: the frontend's traffic against gunicorn with production settings, and its figures.

1. A database of its own (``fotostudio_load`` on the embedded PostgreSQL, or ``LOAD_DATABASE_URL``),
   migrated, with ``--tenants`` businesses (``carga1``…) of ``--clients`` clients each and a user ``carga``.
2. gunicorn with the production settings (``--workers``), on a free port of 127.0.0.1.
3. locust, headless: ``--users`` simulated staff spread over the businesses for ``--seconds`` (the mix
   is in ``locustfile.py``): sign in, list, search, open, register clients, read the profile.
4. The figures: requests, requests/s, failures, p50/p95/p99 per request kind and overall. The exit code
   is 1 if any request failed.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Carga-Segura-2026!"
DATABASE = "fotostudio_load"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    if os.environ.get("LOAD_DATABASE_URL"):
        return os.environ["LOAD_DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from fotostudio.core.database import DEFAULT_EMBEDDED_DIR, start_embedded_server

    # This process stays the embedded server's user until the run is over: the server keeps running meanwhile.
    return start_embedded_server(Path(os.environ.get("EMBEDDED_PG_DIR", DEFAULT_EMBEDDED_DIR)), DATABASE)


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fotostudio.settings.production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": ".localhost,localhost",
        "PUBLIC_DOMAIN": "localhost",
        "NUM_PROXIES": "0",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "LOG_LEVEL": "WARNING",
        # Every simulated person signs in from 127.0.0.1 at once, like an office behind one address: the sign-in
        # limiter counts each attempt until its password is checked, so a burst of 50 would pass the limits.
        "LOGIN_LIMIT_PER_ADDRESS": "100000",
        "LOGIN_LIMIT_PER_ACCOUNT": "100000",
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": "100000",
    }


PREPARE = """
from django_tenants.utils import schema_context
from fotostudio.users.models import User
from fotostudio.users.roles import Role
from fotostudio.users.services import user_create
from modules.clients.models import Client
from modules.clients.tests.factories import ClientFactory
from tenants.models import Tenant
from tenants.services import public_tenant_ensure, tenant_create

public_tenant_ensure(domain="localhost")
for number in range(1, {tenants} + 1):
    slug = f"carga{{number}}"
    tenant = Tenant.objects.filter(schema_name=slug).first() or tenant_create(
        name=f"Estudio de Carga {{number}}", slug=slug, domain=f"{{slug}}.localhost",
        admin_email=f"admin@{{slug}}.test", admin_password="{password}",
    )
    with schema_context(slug):
        if not User.objects.filter(username="carga").exists():
            user_create(username="carga", email=f"carga@{{slug}}.test", password="{password}", roles=[Role.MANAGER])
        missing = {clients} - Client.objects.count()
        if missing > 0:
            ClientFactory.create_batch(missing, city="Quito")
print("ready")
"""


def prepare(env: dict[str, str], tenants: int, clients: int) -> None:
    manage = [sys.executable, "manage.py"]
    for args in (["migrate_schemas", "--shared"], ["migrate_schemas", "--tenant"]):
        subprocess.run([*manage, *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    script = PREPARE.format(tenants=tenants, clients=clients, password=PASSWORD)
    subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    gunicorn = [sys.executable, "-m", "gunicorn", "fotostudio.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*gunicorn, "--workers", str(workers), "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True
    )
    probe = urllib.request.Request(f"http://127.0.0.1:{port}/health/", headers={"Host": "localhost"})
    for _ in range(120):
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited before answering") from None
            time.sleep(0.5)
    stop(process)
    raise SystemExit("gunicorn did not answer /health/ in a minute")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def report(stats_csv: Path) -> bool:
    rows = list(csv.DictReader(stats_csv.open()))
    print(f"\n{'request':32} {'count':>7} {'fails':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in rows:
        print(
            f"{row['Name'][:32]:32} {row['Request Count']:>7} {row['Failure Count']:>6}"
            f" {float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return int(total["Failure Count"]) == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--tenants", type=int, default=3)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    options = parser.parse_args()

    env = environment(database_url())
    print(f"preparing {options.tenants} businesses with {options.clients} clients each…", flush=True)
    prepare(env, options.tenants, options.clients)
    port = free_port()
    server = serve(env, port, options.workers)
    try:
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "load"
            load_env = {
                **env,
                "LOAD_TENANTS": ",".join(f"carga{n}" for n in range(1, options.tenants + 1)),
                "LOAD_PASSWORD": PASSWORD,
            }
            print(
                f"{options.users} users for {options.seconds} s on gunicorn ({options.workers} workers), port {port}",
                flush=True,
            )
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                 "-u", str(options.users), "-r", str(max(1, options.users // 5)), "-t", f"{options.seconds}s",
                 "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT, env=load_env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            clean = report(Path(f"{prefix}_stats.csv"))
    finally:
        stop(server)
    sys.exit(0 if clean else 1)


if __name__ == "__main__":
    main()
