"""HTML pages of the factories app (namespace `factories`)."""

app_name = "factories"

urlpatterns = []
