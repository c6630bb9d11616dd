"""The site's files for machines: robots.txt and the sitemap (an index of paginated sections)."""

from django.contrib.sitemaps.views import index, sitemap
from django.http import HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from .sitemaps import SITEMAPS


@require_safe
def robots_txt(request):
    """Everything public may be crawled; the admin and the API's browsable pages need not be."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    # One section, e.g. /sitemap-factories.xml?p=2 (Django's sitemap view reads `p`).
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
