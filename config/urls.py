"""Root URLs: the public pages, the API under /api/v1/, and the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_ratelimit.decorators import ratelimit

from config.api import SharedStore, data_version
from config.clients import login_attempt_key
from config.views import healthz

# Password guessing on the admin login gets 429 after ADMIN_LOGIN_RATE attempts at one account
# from one address (config.clients); the editor, logging in from elsewhere, is not locked out.
admin_login = ratelimit(
    key=login_attempt_key, rate=settings.ADMIN_LOGIN_RATE, method="POST", block=True
)(admin.site.login)

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api")),
    path("", include("factories.urls")),
    path("", include("factories.meta_urls")),
    path("countries/", include("consortia.urls")),
    path("funding/", include("funding.urls")),
    path("sources/", include("sources.urls")),
    # The quality page keeps its report per data version (sources.quality).
    path(
        "quality/",
        include("sources.quality_urls"),
        {"data_version": data_version, "shared": SharedStore()},
    ),
    path("changes/", include("changes.urls")),
    path("data/", include("factories.data_urls")),
]
