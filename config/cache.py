"""Whole-response caching of public reads, invalidated at once by any change to the registry.

Every cached page carries the registry's data version; any save or delete of a registry model
stores a new version, so the next read misses and is rendered fresh. With REDIS_URL set the
version lives in the shared Redis cache, so an edit on one app server is seen by all of them.
"""

import functools
import hashlib
import logging
import time
from datetime import UTC, datetime, timedelta
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from rest_framework.settings import api_settings

from sources.models import recorded_models

try:
    from redis import RedisError
except ImportError:  # Redis is optional: without REDIS_URL the cache is local memory.
    RedisError = OSError

logger = logging.getLogger(__name__)

VERSION_KEY = "registry:data-version"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NOT_CACHED_PREFIXES = ("/admin/", "/healthz", "/static/")
# What a shared cache that cannot be reached raises; the registry then degrades, never fails.
CACHE_ERRORS = (RedisError, OSError)
# Per-process counters for the limits while the shared cache is down.
_local_counters = LocMemCache("registry-local-counters", {})
# A data version (the time of an edit) this process could not store while the cache was down:
# stored first thing once the cache answers again, so no page cached before the edit is served
# after it.
_pending_version = None


def cache_available():
    """True when the shared cache answers (it is also what /healthz reports)."""
    try:
        cache.get(VERSION_KEY)
    except CACHE_ERRORS:
        return False
    return True


def registry_version():
    """The registry's data version: when its data last changed, in nanoseconds since the epoch.

    Any save or delete of a recorded model stores the time of that change. A cache that holds
    no version yet (just started, or emptied) gets it from what persists: the latest version in
    the history. Reading it runs no query once the cache holds it.
    """
    global _pending_version
    if _pending_version:
        cache.set(VERSION_KEY, _pending_version, timeout=None)
        _pending_version = None
    return cache.get_or_set(VERSION_KEY, recorded_version, timeout=None)


def recorded_version():
    """The time of the latest version in the history (one query per recorded model), or 0 when
    none is recorded: the registry is empty, or when it changed is not known."""
    dates = [model.history.aggregate(at=Max("history_date"))["at"] for model in recorded_models()]
    latest = max((date for date in dates if date), default=None)
    return (latest - EPOCH) // timedelta(microseconds=1) * 1000 if latest else 0


def data_last_changed():
    """When the registry's data last changed (an aware datetime), or None when that is not
    known or the shared cache cannot be reached: the footer then leaves the date out rather
    than guess it or query for it."""
    try:
        version = registry_version()
    except CACHE_ERRORS:
        return None
    return EPOCH + timedelta(microseconds=version // 1000) if version else None


def bump_registry_version(sender, **kwargs):
    global _pending_version
    if sender in recorded_models():
        changed = time.time_ns()
        try:
            cache.set(VERSION_KEY, changed, timeout=None)
        except CACHE_ERRORS:
            # The write itself must succeed: the cached pages go stale only while the cache
            # is unreachable, when no page is served from it.
            logger.warning("Cache unavailable: the data version is stored when it returns.")
            _pending_version = changed


def count_in_window(key, seconds):
    """Counts one more hit for `key` in a window of `seconds` and returns the count.

    INCR in the shared cache is atomic, so parallel workers never lose a count; when the cache
    is down each process counts on its own rather than letting everyone through.
    """
    for counters in (cache, _local_counters):
        try:
            # Counting on is the common case: one increment (two commands in Django's Redis
            # client); a window's first hit starts it with its expiry.
            try:
                return counters.incr(key)
            except ValueError:
                if counters.add(key, 1, seconds):
                    return 1
                # Another worker started the window in between.
                return counters.incr(key)
        except ValueError:
            # The window expired in between: start it again.
            counters.add(key, 1, seconds)
            return 1
        except CACHE_ERRORS:
            continue
    raise AssertionError("local memory cannot fail")


def on_every_change(receiver, uid):
    """Calls `receiver(model)` after each save or delete of any model, and for both models of
    a many-to-many change; the receiver decides which models are the registry's."""

    def on_m2m(sender, **kwargs):
        if kwargs.get("action", "").startswith("post_"):
            receiver(kwargs["model"])
            receiver(kwargs["instance"].__class__)

    post_save.connect(receiver, dispatch_uid=f"{uid}-save")
    post_delete.connect(receiver, dispatch_uid=f"{uid}-delete")
    # The closure has no other reference: a weak one would let it be collected.
    m2m_changed.connect(on_m2m, dispatch_uid=f"{uid}-m2m", weak=False)


def connect_invalidation():
    on_every_change(bump_registry_version, "registry-cache")


def page_key(request):
    """The cache key of an anonymous read: scheme, host, path, the parameters some view reads
    and Accept. Raises DisallowedHost for a host the site does not serve."""
    # Scheme and host are in the key: the answer's links are built from them, so a client
    # sending another Host (or port) gets and caches only its own answer.
    origin = f"{request.scheme}://{request.get_host()}"
    # Only the parameters some view reads, sorted: `?x=1`, `?x=2`… and a reordered query
    # share one entry instead of each filling the cache.
    names = read_parameters()
    query = urlencode(
        sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name in names
            for value in values
        )
    )
    accept = request.META.get("HTTP_ACCEPT", "")
    return f"registry:page:{release()}:{origin}{request.path}?{query}:{accept}"


# What makes a page besides the data: the code, its templates and its settings' headers.
RELEASE_FILES = ("*.py", "*.html", "*.txt", "*.xml", "*.json")
RELEASE_DIRS = ("changes", "config", "consortia", "factories", "funding", "sources", "templates")


@functools.cache
def release():
    """What the code that renders the pages is: settings.RELEASE when the deploy names it (a
    commit), else a digest of the application's code and templates, the same in every worker
    of one deploy. A cached page keeps the headers and the markup of the code that stored it,
    so a deploy (a new CSP, a changed template) must not be answered from its predecessor's."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.blake2b(digest_size=8)
    root = Path(settings.BASE_DIR)
    for folder in RELEASE_DIRS:
        paths = sorted(path for pattern in RELEASE_FILES for path in (root / folder).rglob(pattern))
        for path in paths:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_page(key):
    """(data version, entry): the registry's data version and what is cached under `key` for
    that version, or None, read in one round trip to the cache. An entry stored under an
    earlier version is None: any edit since makes every page a miss. An entry is a tuple
    (version, status, headers, body)."""
    if _pending_version:
        registry_version()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = registry_version()
    entry = found.get(key)
    if entry is None or entry[0] != version:
        return version, None
    return version, entry


@functools.cache
def read_parameters():
    """The query parameters the site's views read: every FilterSet's filters, the REST
    framework's search, ordering, format and pagination parameters, and the HTML pages' own."""
    # The URLconf imports every view, API and FilterSet; the middleware may run before it loads.
    import_module(settings.ROOT_URLCONF)
    names = {"page", "q", "lang"}  # the HTML pages' page and search, the API docs' language
    filtersets = [django_filters.FilterSet]
    while filtersets:
        filterset = filtersets.pop()
        names.update(filterset.base_filters)
        filtersets.extend(filterset.__subclasses__())
    pagination = api_settings.DEFAULT_PAGINATION_CLASS
    names.update(
        {
            api_settings.SEARCH_PARAM,
            api_settings.ORDERING_PARAM,
            api_settings.URL_FORMAT_OVERRIDE,
            getattr(pagination, "page_query_param", "page"),
            getattr(pagination, "page_size_query_param", None) or "page_size",
        }
    )
    return frozenset(names)
