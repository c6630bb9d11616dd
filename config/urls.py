"""Root URLs: the public pages, the API under /api/v1/, and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api")),
    path("", include("factories.urls")),
    path("countries/", include("consortia.urls")),
    path("funding/", include("funding.urls")),
    path("sources/", include("sources.urls")),
]
