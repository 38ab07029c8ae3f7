"""The guide's "Adding a module" commands, run as written in a copy of the project.

The copy shares this run's PostgreSQL (embedded or ``DATABASE_URL``) with a test
database of its own, so the generated module's tests run against a real server. One copy and one test
database serve the whole file (creating a test database migrates every app: the slowest step here), so
its tests run in one pytest-xdist worker.
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

pytestmark = pytest.mark.xdist_group("startmodule")


def guide_commands() -> list[list[str]]:
    section = GUIDE.read_text(encoding="utf-8").split("## Adding a module", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```bash\n(.*?)```", section, re.S)
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def copy_project(target: Path) -> None:
    def ignore(directory, names):
        skipped = SKIPPED_DIRECTORIES | {"__pycache__"}
        return [name for name in names if name in skipped or name.startswith(SKIPPED_PREFIXES)]

    shutil.copytree(ROOT, target, ignore=ignore)


def environment() -> dict[str, str]:
    # One per pytest-xdist worker (two tests here may run at once), recreated each run.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    env = {**os.environ, "TEST_DATABASE_NAME": f"test_fotostudio_startmodule{worker}"}
    if not env.get("DATABASE_URL"):
        # The same embedded server as this run (its data folder), not a second one.
        env["EMBEDDED_PG_DIR"] = os.environ.get("EMBEDDED_PG_DIR", str(ROOT / ".pgdata"))
    return env


@pytest.fixture(scope="module")
def guided_project(tmp_path_factory) -> tuple[Path, list[tuple[list[str], subprocess.CompletedProcess]]]:
    """A copy of the project after the guide's commands, with what each printed. Built once: its test
    database (created by the guide's ``pytest``) is reused by the agro module's tests below."""
    target = tmp_path_factory.mktemp("startmodule") / "project"
    copy_project(target)
    env = environment()
    results = []
    for command in guide_commands():
        command = [sys.executable if part == ".venv/bin/python" else part for part in command]
        if command[1:3] == ["-m", "pytest"]:
            command += ["--create-db", "-p", "no:cacheprovider", "--no-cov"]
        result = subprocess.run(command, cwd=target, env=env, capture_output=True, text=True, timeout=600)
        results.append((command, result))
        if result.returncode != 0:
            break
    return target, results


@pytest.mark.django_db
def test_the_guide_adds_a_module_that_works_as_generated(guided_project):
    project_copy, results = guided_project
    assert results[0][0][1:3] == ["manage.py", "startmodule"]
    assert len(results) == len(guide_commands())
    for command, result in results:
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
    with connection.cursor() as cursor:  # the copy's processes left this run's server running
        cursor.execute("SELECT 1")


def test_an_agro_module_gets_agro_tenants_and_roles(guided_project):
    project_copy, _results = guided_project
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
    # The guide's test database, kept: its migration adds the new module's tables to every schema.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "modules/batches", "-q", "--reuse-db", "-p", "no:cacheprovider", "--no-cov"],
        cwd=project_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(r"\b1[0-9] passed\b", result.stdout), result.stdout[-2000:]


def test_a_name_that_is_not_a_python_identifier_is_refused(guided_project):
    project_copy, _results = guided_project
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
