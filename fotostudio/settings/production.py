"""Production: everything comes from the environment (see env.example)."""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before importing base: without DATABASE_URL, base would start (and create) an
# embedded PostgreSQL in the checkout before this module could refuse to run.
if not os.environ.get("SECRET_KEY", "").strip():
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not os.environ.get("DATABASE_URL", "").strip():
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
if not os.environ.get("NUM_PROXIES", "").strip().isdigit():
    # Whether X-Forwarded-For can be trusted decides every client address (throttling, the access log):
    # production must say how many proxies stand in front of it (0 when none).
    raise ImproperlyConfigured("NUM_PROXIES must be set in production: the number of trusted proxies (0 for none).")

from .base import *  # noqa: E402, F403
from .base import env_bool, env_list  # noqa: E402

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "FotoStudio <no-reply@localhost>")
