"""Project-level views: the health check, the rate-limit answer and the server-error page."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as html_server_error

from config.cache import cache_available


@never_cache
def healthz(request):
    """Each component's state as JSON: `database` and `cache`, "ok" or "unavailable".

    503 only when the database is down: without the cache the registry still serves every page
    (uncached) and every write, so a load balancer must keep sending it requests.
    """
    database = "ok"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Django drops the broken connection when the request finishes, so the next request
        # reconnects by itself once the database is back.
        database = "unavailable"
    cache = "ok" if cache_available() else "unavailable"
    return JsonResponse(
        {
            "status": "ok" if database == "ok" else "unavailable",
            "database": database,
            "cache": cache,
        },
        status=200 if database == "ok" else 503,
    )


def ratelimited(request, exception):
    response = HttpResponse(
        "Too many attempts. Wait a minute and try again.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response


def server_error(request, template_name="500.html"):
    """Django's 500 page; under /api/ a JSON body, so an API client can always read the answer."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "The registry could not answer this request; the error is logged."},
            status=500,
        )
    return html_server_error(request, template_name)
