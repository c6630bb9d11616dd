"""Production settings: DEBUG off, a real SECRET_KEY required, compressed hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES, env_bool

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Keep database connections between requests, checked before reuse so a restarted database
# is reconnected to by itself.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Cached reads need a cache every worker shares, or an edit made through one worker would not
# clear the pages the others cached: on by default only with Redis.
REGISTRY_CACHE_SECONDS = int(
    os.environ.get("REGISTRY_CACHE_SECONDS", "300" if REDIS_URL else "0")  # noqa: F405
)
# The API's read model (sources/readmodel.py) keeps rows in each worker under the data version;
# without a shared cache a worker never learns the version another worker's edit stored, and
# would keep serving the rows from before it: on only with Redis.
READ_MODEL = bool(REDIS_URL)  # noqa: F405
# No reader waits for a whole download or the quality report after an edit (config/rebuild.py).
REBUILD_AFTER_CHANGE = env_bool("REBUILD_AFTER_CHANGE", True)

# One switch for HTTPS deployments (the default): HSTS, secure cookies, redirect to https.
# HTTPS=false only for plain-HTTP serving on loopback (the benchmark, the load test).
HTTPS = env_bool("HTTPS", True)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # The redirect goes to this host when set; otherwise to the request's host, which nginx
    # (config/nginx.conf.template) passes without any port the client chose.
    SECURE_SSL_HOST = os.environ.get("SECURE_SSL_HOST") or None
    # The TLS-terminating proxy in front of gunicorn says the original scheme in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
