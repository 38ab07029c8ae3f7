"""The guide's "Adding a module" commands, run as written in a copy of the project.

The copy shares this run's PostgreSQL (embedded or ``DATABASE_URL``) with a test
database of its own, so the generated module's tests run against a real server.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
GUIDE = ROOT / "docs" / "architecture.md"
SKIPPED_DIRECTORIES = {".venv", ".git", "media", "staticfiles", "htmlcov", "node_modules"}
SKIPPED_PREFIXES = (".pgdata", ".test-media", ".test-private-media")


def guide_commands() -> list[list[str]]:
    section = GUIDE.read_text(encoding="utf-8").split("## Adding a module", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", section, re.S)
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def copy_project(target: Path) -> None:
    def ignore(directory, names):
        skipped = SKIPPED_DIRECTORIES | {"__pycache__"}
        return [name for name in names if name in skipped or name.startswith(SKIPPED_PREFIXES)]

    shutil.copytree(ROOT, target, ignore=ignore)


@pytest.fixture
def project_copy(tmp_path) -> Path:
    target = tmp_path / "project"
    copy_project(target)
    return target


def environment() -> dict[str, str]:
    # One per pytest-xdist worker (two tests here may run at once), recreated each run.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    env = {**os.environ, "TEST_DATABASE_NAME": f"test_fotostudio_startmodule{worker}"}
    if not env.get("DATABASE_URL"):
        # The same embedded server as this run (its data folder), not a second one.
        env["EMBEDDED_PG_DIR"] = os.environ.get("EMBEDDED_PG_DIR", str(ROOT / ".pgdata"))
    return env


@pytest.mark.django_db
def test_the_guide_adds_a_module_that_works_as_generated(project_copy):
    commands = guide_commands()
    assert commands[0][:3] == [".venv/bin/python", "manage.py", "startmodule"]
    env = environment()
    for command in commands:
        command = [sys.executable if part == ".venv/bin/python" else part for part in command]
        if command[1:3] == ["-m", "pytest"]:
            command += ["--create-db", "-p", "no:cacheprovider", "--no-cov"]
        result = subprocess.run(command, cwd=project_copy, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        if command[1:3] == ["-m", "pytest"]:
            assert re.search(r"\b1[0-9] passed\b", result.stdout), result.stdout[-2000:]
    module = project_copy / "modules" / "suppliers"
    assert (module / "migrations" / "0001_initial.py").exists()
    assert (project_copy / "docs" / "modules" / "suppliers.md").exists()
    assert "/api/v1/suppliers/" in (project_copy / "static_docs" / "openapi" / "photo_studio.yaml").read_text()
    assert "/api/v1/suppliers/" not in (project_copy / "static_docs" / "openapi" / "agro_traceability.yaml").read_text()
    changed = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=False
    )  # the real project is untouched
    assert "modules/suppliers" not in changed.stdout
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.mark.django_db
def test_an_agro_module_gets_agro_tenants_and_roles(project_copy):
    env = environment()
    create = [
        sys.executable,
        "manage.py",
        "startmodule",
        "batches",
        "--model",
        "Batch",
        "--verbose-name",
        "lote",
        "--verbose-name-plural",
        "lotes",
        "--title",
        "Lotes",
        "--business-type",
        "agro_traceability",
    ]
    subprocess.run(create, cwd=project_copy, env=env, check=True, capture_output=True)
    test_file = (project_copy / "modules" / "batches" / "tests" / "test_batches.py").read_text()
    assert "def home(tenant_agro)" in test_file and "BusinessType.AGRO_TRACEABILITY" in test_file
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "modules/batches", "-q", "--create-db", "-p", "no:cacheprovider", "--no-cov"],
        cwd=project_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_a_name_that_is_not_a_python_identifier_is_refused(project_copy):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "startmodule",
            "Mis-Proveedores",
            "--model",
            "Supplier",
            "--verbose-name",
            "p",
            "--verbose-name-plural",
            "ps",
            "--title",
            "P",
        ],
        cwd=project_copy,
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "lower case" in result.stderr
