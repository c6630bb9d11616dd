"""The API's shared rules: who may write, how lists are paged, throttling, and error bodies
(what the schema says of them: config/openapi.py)."""

import math

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from changes.editors import EDITORS
from config.cache import count_in_window
from config.clients import client_address


class IsEditorOrReadOnly(BasePermission):
    """Anyone may read; only a token-authenticated user in the editors group may write, and only
    what the group's model permissions allow, as in the admin (editors delete no AI Factory,
    selection round or country)."""

    message = (
        "Only editors may change the registry: send the token of a user in the “editors” group."
    )

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not (
            user
            and user.is_authenticated
            and request.auth is not None
            and user.groups.filter(name=EDITORS).exists()
        ):
            return False
        model = view.get_queryset().model
        required = DjangoModelPermissions().get_required_permissions(request.method, model)
        if not user.has_perms(required):
            verb = {"POST": "add", "DELETE": "delete"}.get(request.method, "change")
            self.message = f"Editors may not {verb} {model._meta.verbose_name_plural}."
            return False
        return True


class RegistryPagination(PageNumberPagination):
    """Page numbers, 50 rows a page by default, `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous clients, by address, at the rate `API_ANON_THROTTLE_RATE` sets (None: unlimited).

    Read from the settings on every request, not once at import as DRF's own rates are, so a
    deployment and the tests can change it. The address is config.clients.client_address (a
    spoofed X-Forwarded-For counts for nothing), and each window's requests are counted with an
    atomic increment in the shared cache (DRF's read-modify-write history lets parallel
    requests through uncounted).
    """

    def get_rate(self):
        return getattr(settings, "API_ANON_THROTTLE_RATE", "600/minute")

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        # Counted already, before the read cache (config.middleware.AnonymousThrottleMiddleware).
        if self.rate is None or getattr(request, "anonymous_throttle_counted", False):
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        return self.count()

    def allow_request_without_credentials(self, request):
        """For a request that carries no token and no session, before authentication runs."""
        if self.rate is None:
            return True
        self.key = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.count()

    def count(self):
        window = int(self.timer() // self.duration)
        self.window_end = (window + 1) * self.duration
        return count_in_window(f"{self.key}:{window}", self.duration) <= self.num_requests

    def wait(self):
        return max(1, math.ceil(self.window_end - self.timer()))


def exception_handler(exc, context):
    """DRF's handler, plus: a model's ValidationError is a 400 with its field messages, a
    delete that other records prevent is a 409 that says which records, and a database that
    cannot be reached is a 503 in JSON (the client may retry), not an HTML error page."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict
            if hasattr(exc, "error_dict")
            else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        )
        if "__all__" in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
        exc = ValidationError(detail)
    elif isinstance(exc, ValidationError) and isinstance(exc.detail, list):
        # A 400 is always an object of messages, never a bare list.
        exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail})
    elif isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": exc.args[0]}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, OperationalError | InterfaceError):
        response = Response(
            {"detail": "The registry's database is unavailable; try again shortly."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "30"
        return response
    # Imported here: rest_framework.views reads the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
