"""Project-level views: the health check, the rate-limit answer and the server-error page."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as html_server_error


@never_cache
def healthz(request):
    """200 when the database answers, 503 with a short plain message when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Django drops the broken connection when the request finishes, so the next request
        # reconnects by itself once the database is back.
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


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
