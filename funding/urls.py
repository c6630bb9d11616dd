"""HTML pages of the funding app (namespace `funding`)."""

app_name = "funding"

urlpatterns = []
