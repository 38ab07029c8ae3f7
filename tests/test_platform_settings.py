"""Settings helpers and the development settings (production's are checked by ``make deploy-check``)."""

import importlib

from fotostudio.settings.base import env_bool, env_list


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


def test_development_settings_run_with_debug_and_the_test_host(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    development = importlib.reload(importlib.import_module("fotostudio.settings.development"))
    assert development.DEBUG is True
    assert development.SECRET_KEY  # a development key even when the environment gives none
    assert {".localhost", "testserver"} <= set(development.ALLOWED_HOSTS)
    assert development.LANGUAGE_CODE == "es"
