"""Test settings: fast hashing, in-memory e-mail, generous but finite login rates."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fotostudio-tests",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["procrastinate.worker"]["level"] = "WARNING"  # noqa: F405
PUBLIC_DOMAIN = "testserver"
# One folder per pytest-xdist worker ("gw0", "gw1"…), so parallel workers never share a file.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = BASE_DIR / f".test-media{_WORKER}"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / f".test-private-media{_WORKER}"  # noqa: F405
