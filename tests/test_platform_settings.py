"""Settings helpers and the development settings (production's are checked by ``make deploy-check``)."""

import importlib
from pathlib import Path

from django.conf import settings

from fotostudio.core.development_key import development_secret_key
from fotostudio.settings.base import env_bool, env_list

#: The key development settings used to fall back to, in the repository's history for anyone to read.
OLD_DEVELOPMENT_KEY = "dev-only-insecure-key-not-for-production"


def test_env_helpers_read_lists_and_flags(monkeypatch):
    monkeypatch.setenv("FS_HOSTS", " a.example.com, ,b.example.com ")
    assert env_list("FS_HOSTS") == ["a.example.com", "b.example.com"]
    assert env_list("FS_UNSET", "x,y") == ["x", "y"]
    for value in ("1", "true", "YES", " on "):
        monkeypatch.setenv("FS_FLAG", value)
        assert env_bool("FS_FLAG") is True
    monkeypatch.setenv("FS_FLAG", "0")
    assert env_bool("FS_FLAG", True) is False
    assert env_bool("FS_UNSET_FLAG", True) is True


def _development_settings():
    return importlib.reload(importlib.import_module("fotostudio.settings.development"))


def test_development_settings_run_with_debug_and_the_test_host(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    development = _development_settings()
    assert development.DEBUG is True
    assert development.SECRET_KEY  # a development key even when the environment gives none
    assert {".localhost", "testserver"} <= set(development.ALLOWED_HOSTS)
    assert development.LANGUAGE_CODE == "es"


def test_the_development_key_is_long_random_and_kept_private_in_its_file(tmp_path):
    key = development_secret_key(tmp_path / ".dev-secret-key")

    assert key != OLD_DEVELOPMENT_KEY
    assert len(key) >= 50 and len(set(key)) >= 20  # what Django's own check asks of a key, and more
    assert (tmp_path / ".dev-secret-key").read_text().strip() == key
    assert (tmp_path / ".dev-secret-key").stat().st_mode & 0o777 == 0o600
    assert development_secret_key(tmp_path / ".dev-secret-key") == key  # read back, not generated again
    assert development_secret_key(tmp_path / "another-checkout") != key


def test_development_settings_read_their_key_back_from_the_file_on_reload(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    key_file = Path(settings.BASE_DIR) / ".dev-secret-key"

    first = _development_settings().SECRET_KEY

    assert first != OLD_DEVELOPMENT_KEY and len(first) >= 50
    assert key_file.read_text().strip() == first
    assert ".dev-secret-key" in (Path(settings.BASE_DIR) / ".gitignore").read_text().splitlines()
    assert _development_settings().SECRET_KEY == first


def test_secret_key_from_the_environment_wins_in_development(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment-" + "x" * 40)
    try:
        assert _development_settings().SECRET_KEY == "from-the-environment-" + "x" * 40
    finally:
        monkeypatch.undo()
        _development_settings()
