"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise.

`warm_up` runs one request per page type through the application itself, no network, so that
a new worker has imported every view, compiled every template and opened its database
connection before its first real request (config/gunicorn.py calls it from post_worker_init).
"""

import logging
import os
import time
from io import BytesIO
from wsgiref.util import setup_testing_defaults

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

logger = logging.getLogger(__name__)

# One address of each page type; the detail pages are found in the data (warm_up_paths).
PAGES = [
    "/",
    "/factories/",
    "/countries/",
    "/organisations/",
    "/supercomputers/",
    "/funding/",
    "/sources/",
    "/search/?q=ai",
    "/changes/",
    "/data/",
    "/api/v1/",
    "/api/v1/factories/",
    "/api/v1/sites/",
    "/api/v1/countries/",
    "/api/v1/budgets/",
    "/api/v1/citations/",
]
# An address from the documentation range (RFC 5737): warm-up requests share no client's limits.
WARM_UP_CLIENT = "192.0.2.1"


def warm_up_paths():
    """PAGES, then the first factory, state, organisation, supercomputer and source, as a page
    and as the API's detail."""
    # Imported here: models can be imported only once get_wsgi_application() has set Django up.
    from consortia.models import Country, Organisation
    from factories.models import AIFactory, Supercomputer
    from sources.models import Source

    paths = list(PAGES)
    factory = AIFactory.objects.order_by("pk").first()
    if factory is not None:
        paths += [factory.get_absolute_url(), f"/api/v1/factories/{factory.slug}/"]
    for model in (Country, Organisation, Supercomputer, Source):
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            paths.append(obj.get_absolute_url())
    return paths


def _environ(path, host):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "REMOTE_ADDR": WARM_UP_CLIENT,
        "HTTP_ACCEPT": "text/html,application/json",
        # As nginx forwards a request made over HTTPS, so that no redirect stands in for the page.
        "HTTP_X_FORWARDED_PROTO": "https",
        # A session cookie keeps the response cache out of the way: the page itself is rendered,
        # in every worker, not served from what another worker cached.
        "HTTP_COOKIE": "sessionid=warm-up",
        "wsgi.input": BytesIO(),
        "wsgi.url_scheme": "https",
    }
    setup_testing_defaults(environ)
    return environ


def warm_up(wsgi=application, after_each=None):
    """One GET of each page type through `wsgi`; returns {path: (status, milliseconds)}.
    `after_each` is called after each page (gunicorn's heartbeat). A failure is logged, never
    raised: a cold worker is better than none."""
    from django.conf import settings

    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    host = hosts[0] if hosts else "localhost"
    timings = {}
    try:
        paths = warm_up_paths()
    except Exception:
        logger.exception("Warm-up: could not read the registry.")
        return timings
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    for path in paths:
        if after_each is not None:
            after_each()
        statuses.clear()
        start = time.perf_counter()
        try:
            body = wsgi(_environ(path, host), start_response)
            try:
                for _ in body:
                    pass
            finally:
                if hasattr(body, "close"):
                    body.close()
        except Exception:
            logger.exception("Warm-up: %s failed.", path)
            continue
        timings[path] = (statuses[-1] if statuses else "", (time.perf_counter() - start) * 1000)
    return timings
