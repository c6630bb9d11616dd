"""HTML pages of the sources app (namespace `sources`), under /sources/."""

from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("", views.source_list_view, name="source-list"),
    path("<slug:slug>/", views.source_detail_view, name="source-detail"),
]
