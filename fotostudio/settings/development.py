"""Local development: DEBUG on, embedded PostgreSQL unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,testserver")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
