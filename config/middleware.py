"""Requests carrying a NUL character are refused with 400 before any view sees them.

PostgreSQL cannot store or compare text with NUL (0x00), so such a value reaching a query is a
500 there (and silently different on SQLite). No legitimate path, query or body contains one.
"""

from urllib.parse import unquote

from django.http import HttpResponse, JsonResponse

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


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
