from django.urls import path

from . import data_views

app_name = "data"

urlpatterns = [
    path("", data_views.data_index, name="index"),
    path("ai-factories.zip", data_views.data_package, name="package"),
    path("catalog.jsonld", data_views.catalogue_jsonld, name="catalogue-jsonld"),
    path("catalog.ttl", data_views.catalogue_turtle, name="catalogue-turtle"),
]
