"""The registry's quality page (namespace `quality`), at /quality/."""

from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.quality_view, name="quality-report"),
]
