"""The REST API v1 router: one explicit register line per endpoint."""

from rest_framework.routers import DefaultRouter

app_name = "api"

router = DefaultRouter()

urlpatterns = router.urls
