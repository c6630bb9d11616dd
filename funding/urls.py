"""HTML pages of the funding app (namespace `funding`), under /funding/."""

from django.urls import path

from . import programme_views, views

app_name = "funding"

urlpatterns = [
    path("", views.funding_overview, name="overview"),
    path(
        "programmes/<slug:slug>/",
        programme_views.programme_detail_view,
        name="programme-detail",
    ),
]
