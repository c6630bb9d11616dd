"""The API's shared rules: who may write, how lists are paged, throttling, and error bodies."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

EDITORS_GROUP = "editors"


class IsEditorOrReadOnly(BasePermission):
    """Anyone may read; only a token-authenticated user in the editors group may write."""

    message = (
        "Only editors may change the registry: send the token of a user in the “editors” group."
    )

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and request.auth is not None
            and user.groups.filter(name=EDITORS_GROUP).exists()
        )


class RegistryPagination(PageNumberPagination):
    """Page numbers, 50 rows a page by default, `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous clients, by address, at the rate `API_ANON_THROTTLE_RATE` sets (None: unlimited).

    Read from the settings on every request, not once at import as DRF's own rates are, so a
    deployment and the tests can change it.
    """

    def get_rate(self):
        return getattr(settings, "API_ANON_THROTTLE_RATE", "600/minute")


def exception_handler(exc, context):
    """DRF's handler, plus: a model's ValidationError is a 400 with its field messages, and a
    delete that other records prevent is a 409 that says which records."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict
            if hasattr(exc, "error_dict")
            else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        )
        if "__all__" in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
        exc = ValidationError(detail)
    elif isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": exc.args[0]}, status=status.HTTP_409_CONFLICT)
    # Imported here: rest_framework.views reads the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
