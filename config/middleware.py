"""Requests no view should see are refused first, with a message (JSON under /api/).

A NUL character is a 400: PostgreSQL cannot store or compare text with NUL (0x00), so such a
value reaching a query is a 500 there (and silently different on SQLite). No legitimate path,
query or body contains one. A body over the upload limit is a 413, a search beyond its caps a 400.
"""

import re
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from rest_framework.exceptions import Throttled

from config.rest import AnonymousRateThrottle

MESSAGE = "The request contains a NUL character (0x00), which no field of the registry accepts."
# How a NUL is written in each kind of body we parse; other bodies (uploads) are left alone.
NUL_IN_BODY = {
    "application/json": (b"\x00", b"\\u0000"),
    "application/x-www-form-urlencoded": (b"\x00", b"%00"),
}


def _has_nul(request):
    if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
        return True
    markers = NUL_IN_BODY.get(request.content_type, ())
    if markers and request.method in ("POST", "PUT", "PATCH"):
        body = request.body.lower()
        return any(marker in body for marker in markers)
    return False


# A search is a few words, not a query plan: each word adds a join over every searched field,
# so hundreds of words make SQLite give up ("Expression tree is too large") and PostgreSQL slow.
SEARCH_MAX_WORDS = 10
SEARCH_MAX_LENGTH = 200
SEARCH_MESSAGE = (
    f"A search has at most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_LENGTH} characters."
)
TOO_BIG_MESSAGE = "The request body is larger than the {limit} bytes the registry accepts."


def refusal(request, status, message, field="detail"):
    """An error answer before any view: JSON under /api/, plain text elsewhere."""
    if request.path.startswith("/api/"):
        body = {"detail": message} if field == "detail" else {field: [message]}
        return JsonResponse(body, status=status)
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _too_big(request):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return limit is not None and length > limit


def _search_too_large(request):
    # DRF's SearchFilter splits its terms on whitespace and commas.
    search = request.GET.get("search", "")
    return len(search) > SEARCH_MAX_LENGTH or len(re.split(r"[\s,]+", search.strip())) > (
        SEARCH_MAX_WORDS
    )


def request_refusal(request):
    """The answer to a request no view should see (413, 400), or None: a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, a NUL character, under /api/ a `search=` beyond its caps."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if _too_big(request):
        return refusal(request, 413, TOO_BIG_MESSAGE.format(limit=limit))
    try:
        has_nul = _has_nul(request)
    except RequestDataTooBig:
        # A chunked body has no Content-Length: Django counts as it reads.
        return refusal(request, 413, TOO_BIG_MESSAGE.format(limit=limit))
    if has_nul:
        return refusal(request, 400, MESSAGE)
    if request.path.startswith("/api/") and _search_too_large(request):
        return refusal(request, 400, SEARCH_MESSAGE, field="search")
    return None


class RejectNulMiddleware:
    """Refuses what request_refusal refuses, before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = request_refusal(request)
        return refused if refused is not None else self.get_response(request)


def anonymous_throttle_refusal(request):
    """The 429 for an API read without token or session over the anonymous limit, or None.

    The read is counted once, however often this is asked: the read cache
    (config.readcache.PublicReadCacheMiddleware) asks before it answers from the cache, the
    middleware below again when the read goes on to the view.
    """
    if not (
        request.path.startswith("/api/")
        and request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    ):
        return None
    if hasattr(request, "anonymous_throttle_refusal"):
        return request.anonymous_throttle_refusal
    throttle = AnonymousRateThrottle()
    refused = None
    if not throttle.allow_request_without_credentials(request):
        wait = throttle.wait()
        refused = JsonResponse({"detail": str(Throttled(wait).detail)}, status=429)
        refused["Retry-After"] = str(wait)
    else:
        request.anonymous_throttle_counted = True
    request.anonymous_throttle_refusal = refused
    return refused


class AnonymousThrottleMiddleware:
    """The API's anonymous throttle for reads that carry no token and no session, counted before
    any view and before the read cache answers them: otherwise a client repeating a cached URL
    is never counted. The API's own throttle counts the other requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = anonymous_throttle_refusal(request)
        return refused if refused is not None else self.get_response(request)
