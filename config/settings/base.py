"""Settings shared by every environment; each value that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# Proxies (addresses or networks) whose X-Forwarded-For is believed; none by default, so a
# client cannot choose its own address for the limits (config.clients.client_address).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_countries",
    "simple_history",
    "sources",
    "consortia",
    "factories",
    "funding",
    "changes",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    # Anonymous reads answered from the cache with the headers the chain below gave them, before
    # any of it runs; the API's anonymous limit counts them (config/readcache.py).
    "config.readcache.PublicReadCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # ETag on every response and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    # The API's anonymous limit, counted once per request (the read cache counts its hits).
    "config.middleware.AnonymousThrottleMiddleware",
    # The whole downloads (export, data package, unfiltered CSV and GeoJSON) from their files.
    "config.downloads.WholeDownloadMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# The collected static files; WhiteNoise warns when the folder is missing, so it always exists.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The embedded default is an SQLite file under var/; DATABASE_URL=postgres://… switches to
# PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'registry.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The registry's fixtures, in load order; `make run` and the fixture tests load these.
REGISTRY_FIXTURES = [
    "sources",
    "consortia",
    "factories",
    "funding",
    "citations",
]

LOGIN_URL = "admin:login"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["config.rest.IsEditorOrReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["config.rest.AnonymousRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "config.rest.RegistryPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "sources.renderers.BrowsableAPIRenderer",
        "sources.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["config.parsers.RegistryJSONParser"],
    "EXCEPTION_HANDLER": "config.rest.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}
# Requests a minute (or /second, /hour, /day) an anonymous address may make; "none": no limit.
API_ANON_THROTTLE_RATE = os.environ.get("API_ANON_THROTTLE_RATE", "600/minute")
if API_ANON_THROTTLE_RATE.lower() == "none":
    API_ANON_THROTTLE_RATE = None

SPECTACULAR_SETTINGS = {
    "TITLE": "AI Factories Registry API",
    "DESCRIPTION": "The EU's AI Factories, their consortia, funding and the sources behind every fact.",
    "VERSION": "1.0.0",
    # The registry's one statement of its data's licence: the schema, the export, the data
    # package and the DCAT-AP catalogue all read it from here. CC BY 4.0, as the Commission's
    # own reuse policy (Decision 2011/833/EU, 2019 implementing decision) uses for its data.
    "LICENSE": {
        "name": "CC-BY-4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    "CONTACT": {"name": "The registry's editors (see /sources/ for every source)"},
    # One tag per endpoint (its path), each described for Swagger UI and ReDoc.
    "TAGS": [
        {
            "name": "factories",
            "description": "The AI Factories EuroHPC selected, each with "
            "every fact and its sources.",
        },
        {
            "name": "selection-rounds",
            "description": "The calls in which EuroHPC selected AI "
            "Factories, and the states that declared interest.",
        },
        {
            "name": "other-names",
            "description": "Other names the sources use for a factory: "
            "short and long forms, misspellings, names of something else.",
        },
        {
            "name": "sites",
            "description": "Where each AI Factory is hosted, with coordinates (also as GeoJSON).",
        },
        {
            "name": "supercomputers",
            "description": "EuroHPC supercomputers the AI Factories build on.",
        },
        {
            "name": "factory-systems",
            "description": "How each supercomputer relates to an AI "
            "Factory: new system, upgraded, evolved from…",
        },
        {"name": "countries", "description": "European states and their standing in EuroHPC."},
        {"name": "organisations", "description": "Hosting entities, partners and supporters."},
        {
            "name": "memberships",
            "description": "Each state's place in a factory's consortium: host or member.",
        },
        {
            "name": "partnerships",
            "description": "Organisations other than the host that take "
            "part in, or backed, a factory.",
        },
        {
            "name": "programmes",
            "description": "EU and national programmes that pay for the AI Factories.",
        },
        {
            "name": "stated-totals",
            "description": "The headline amounts the sources state for "
            "the initiative, and how they relate.",
        },
        {"name": "budgets", "description": "Each factory's budget lines, in EUR million."},
        {
            "name": "sources",
            "description": "The documents behind the facts, with their archived text.",
        },
        {
            "name": "citations",
            "description": "Verbatim quotes from the sources, each tied to one field of one fact.",
        },
        {"name": "export", "description": "The whole registry in one JSON document."},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Separate request and response components, so read-only fields are not asked for.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "consortia.models.Organisation.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "FactoryNameKindEnum": "factories.models.FactoryName.Kind",
        "StatedTotalKindEnum": "funding.models.StatedTotal.Kind",
        "MembershipRoleEnum": "consortia.models.Membership.Role",
        "PartnershipRoleEnum": "consortia.models.Partnership.Role",
        "QualifierEnum": "funding.models.Qualifier",
    },
    # Documents the error answers (400, 401, 403, 404, 409, 429) with their bodies.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.document_error_responses",
    ],
}

# Reads are open to any origin; writes are refused cross-origin by the API's own rules.
CORS_ALLOW_ALL_ORIGINS = True
# No path matches this pattern: config.cors enables CORS for the API's reads only, so a page on
# another origin can read the registry but neither send a write nor read what one returns.
CORS_URLS_REGEX = r"(?!)"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# A shared Redis cache when REDIS_URL is set (several app servers), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        # Django's RedisCache, one Redis client per process (config/cachebackend.py).
        "default": {"BACKEND": "config.cachebackend.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds a public page or API read stays cached; 0 turns the cache off (development, tests).
# Any edit invalidates it at once (config/cache.py).
REGISTRY_CACHE_SECONDS = int(os.environ.get("REGISTRY_CACHE_SECONDS", "0"))
# What the deploy names its code (a commit); a cached page is kept per release, so a deploy is
# never answered with its predecessor's markup or headers. Unset: a digest of the code
# (config.cache.release).
RELEASE = os.environ.get("RELEASE", "")
# The API's read model: rows kept per data version in each process. Development serves from one
# process, so its own cache holds the only version; production needs Redis (production.py).
READ_MODEL = True
# The whole downloads' files, one folder per data version (config/downloads.py).
DOWNLOADS_ROOT = Path(os.environ.get("DOWNLOADS_ROOT", BASE_DIR / "var" / "downloads"))
# After an edit, rebuild the whole downloads and the quality report in a background process
# (config/rebuild.py), started by REBUILD_LAUNCHER with the builder's command line.
REBUILD_AFTER_CHANGE = env_bool("REBUILD_AFTER_CHANGE", False)
REBUILD_LAUNCHER = "config.rebuild.launch_detached"

# The admin login: at most this many POSTs per client address, then 429 (config.views.ratelimited).
ADMIN_LOGIN_RATE = os.environ.get("ADMIN_LOGIN_RATE", "10/m")
RATELIMIT_VIEW = "config.views.ratelimited"
# django-ratelimit knows only django-redis by name (W001), though Django's own RedisCache counts
# atomically too; local memory (E003) counts per process, which is right for one dev server.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + (
    [] if REDIS_URL else ["django_ratelimit.E003"]
)

SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this site only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Where a new source's document is archived, as a file named by its SHA-256 (content-addressed),
# beside the five archived with the registry.
SOURCE_ARCHIVE_DIR = Path(os.environ.get("SOURCE_ARCHIVE_DIR", BASE_DIR / "sources" / "archive"))
