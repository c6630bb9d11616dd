"""HTML pages of the consortia app (namespace `consortia`), under /countries/."""

from django.urls import path

from . import views

app_name = "consortia"

urlpatterns = [
    path("", views.country_list_view, name="country-list"),
    path("<str:code>/", views.country_detail_view, name="country-detail"),
]
