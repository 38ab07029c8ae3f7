"""Local development: DEBUG on, embedded PostgreSQL unless DATABASE_URL is set."""

import os

from fotostudio.core.development_key import development_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR, env_list

DEBUG = True
#: ``SECRET_KEY`` from the environment, else a random key generated on the first run (``.dev-secret-key``).
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or development_secret_key(BASE_DIR / ".dev-secret-key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,testserver")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
