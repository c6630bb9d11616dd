"""HTML pages of the factories app (namespace `factories`)."""

from django.urls import path

from . import round_views, views

app_name = "factories"

urlpatterns = [
    path("", views.home, name="home"),
    path("factories/", views.factory_list_view, name="factory-list"),
    path("factories/<slug:slug>/", views.factory_detail_view, name="factory-detail"),
    path("search/", views.search, name="search"),
    path("organisations/", views.organisation_list_view, name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.organisation_detail_view,
        name="organisation-detail",
    ),
    path("supercomputers/", views.supercomputer_list_view, name="supercomputer-list"),
    path(
        "supercomputers/<slug:slug>/",
        views.supercomputer_detail_view,
        name="supercomputer-detail",
    ),
    path(
        "selection-rounds/<slug:slug>/",
        round_views.selection_round_detail_view,
        name="selection-round-detail",
    ),
]
