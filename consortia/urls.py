"""HTML pages of the consortia app (namespace `consortia`)."""

app_name = "consortia"

urlpatterns = []
