"""HTML pages of the sources app (namespace `sources`)."""

app_name = "sources"

urlpatterns = []
