"""Whole-response caching of public reads, invalidated at once by any change to the registry.

Every cache key carries the registry's data version; any save or delete of a registry model
stores a new version, so the next read misses and is rendered fresh. With REDIS_URL set the
version lives in the shared Redis cache, so an edit on one app server is seen by all of them.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from sources.models import recorded_models

VERSION_KEY = "registry:data-version"
NOT_CACHED_PREFIXES = ("/admin/", "/healthz", "/static/")


def registry_version():
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump_registry_version(sender, **kwargs):
    if sender in recorded_models():
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _bump_on_m2m(sender, **kwargs):
    if kwargs.get("action", "").startswith("post_"):
        bump_registry_version(kwargs["model"])
        bump_registry_version(kwargs["instance"].__class__)


def connect_invalidation():
    post_save.connect(bump_registry_version, dispatch_uid="registry-cache-save")
    post_delete.connect(bump_registry_version, dispatch_uid="registry-cache-delete")
    m2m_changed.connect(_bump_on_m2m, dispatch_uid="registry-cache-m2m")


class PublicReadCacheMiddleware:
    """Serves anonymous GET/HEAD reads of pages and the API from the cache.

    It sits inside the CORS, security and ETag middleware, so those still answer each request
    (Origin, If-None-Match) on a cached response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.REGISTRY_CACHE_SECONDS
        if not seconds or not self._cacheable(request):
            return self.get_response(request)
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("Set-Cookie")
            and not response.cookies
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in {"x-cache"}]
            cache.set(key, (response.status_code, headers, response.content), seconds)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(NOT_CACHED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    @staticmethod
    def _key(request):
        accept = request.META.get("HTTP_ACCEPT", "")
        return f"registry:page:{registry_version()}:{request.get_full_path()}:{accept}"
