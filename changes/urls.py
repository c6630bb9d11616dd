"""The public list of changes (namespace `changes`), under /changes/."""

from django.urls import path

from . import views
from .feeds import ChangesFeed

app_name = "changes"

urlpatterns = [
    path("", views.change_list_view, name="change-list"),
    path("feed/", ChangesFeed(), name="change-feed"),
]
