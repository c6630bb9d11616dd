"""The read cache: anonymous GET/HEAD reads of pages and the API answered from the cache, first
of all the middleware.

A cached page is stored with every header the whole middleware chain gave it (ETag, CSP, the
security headers, Vary, Content-Length), so a hit builds no header and hashes no body: it is
one round trip to the cache (config.cache.cached_page) and a response made of stored parts.
What differs per request is still done per request, through the libraries' own code: the API's
anonymous limit counts the hit (config.middleware.anonymous_throttle_refusal), CORS headers
answer the request's Origin (corsheaders), and If-None-Match gets its 304 (Django's
ConditionalGetMiddleware). A request that anything before the views would refuse or redirect
goes down the chain instead, where it is refused as before.
"""

from corsheaders.middleware import CorsMiddleware
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import set_response_etag

from config.cache import CACHE_ERRORS, NOT_CACHED_PREFIXES, cache, cached_page, page_key
from config.middleware import anonymous_throttle_refusal, request_refusal

# Headers that answer one request, not the page: never stored with it.
PER_REQUEST_HEADERS = ("access-control-", "x-cache")


def cacheable(request):
    """An anonymous read (no session, no token) of a page or the API."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(NOT_CACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.has_header("Set-Cookie")
        and not response.cookies
    )


class PublicReadCacheMiddleware:
    """Serves anonymous GET/HEAD reads from the cache; stores what the chain answers on a miss."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cors = CorsMiddleware(get_response)
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        seconds = settings.REGISTRY_CACHE_SECONDS
        if (
            not seconds
            or not cacheable(request)
            or request_refusal(request) is not None
            or anonymous_throttle_refusal(request) is not None
        ):
            return self.get_response(request)
        try:
            key = page_key(request)
            version, entry = cached_page(key)
        except DisallowedHost:
            return self.get_response(request)
        except CACHE_ERRORS:
            # Redis is down: serve the read uncached rather than fail.
            return self.get_response(request)
        if entry is not None:
            return self.hit(request, entry)
        response = self.get_response(request)
        if storable(response):
            if not response.has_header("ETag"):
                # A HEAD goes without ETag down the chain; the GETs this entry answers need one.
                set_response_etag(response)
            headers = [
                (name, value)
                for name, value in response.items()
                if not name.lower().startswith(PER_REQUEST_HEADERS)
            ]
            try:
                cache.set(key, (version, response.status_code, headers, response.content), seconds)
            except CACHE_ERRORS:
                return response
            response["X-Cache"] = "miss"
        return response

    def hit(self, request, entry):
        _, status, headers, content = entry
        response = HttpResponse(content, status=status, headers=headers)
        response["X-Cache"] = "hit"
        if "HTTP_ORIGIN" in request.META:
            self.cors.add_response_headers(request, response)
        return self.conditional.process_response(request, response)
