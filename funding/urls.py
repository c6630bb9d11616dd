"""HTML pages of the funding app (namespace `funding`), under /funding/."""

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.funding_overview, name="overview"),
]
