"""The base of the API's viewsets: writes through services, whole-list CSV and GeoJSON."""

from rest_framework import viewsets
from rest_framework.permissions import SAFE_METHODS


class ServiceWritesViewSet(viewsets.ModelViewSet):
    """A viewset whose writes go through the app's services, never through serializer.save().

    Subclasses name their three services; each calls full_clean() inside a transaction.
    """

    create_service = None
    update_service = None
    delete_service = None

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            # django-cors-headers reads this flag when it adds its headers: writes get none, so
            # a page on another origin can neither send a write nor read what one returns.
            request._request._cors_enabled = False
        super().initial(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        # A CSV or GeoJSON download is the whole (filtered) list, for a spreadsheet or a map.
        if getattr(self.request.accepted_renderer, "unpaginated", False):
            return None
        return super().paginate_queryset(queryset)

    def perform_create(self, serializer):
        created = self.create_service(**serializer.validated_data)
        serializer.instance = self._as_read(created)

    def perform_update(self, serializer):
        updated = self.update_service(serializer.instance, **serializer.validated_data)
        serializer.instance = self._as_read(updated)

    def perform_destroy(self, instance):
        self.delete_service(instance)

    def _as_read(self, instance):
        """The written object as the endpoint reads it, with its annotations (counts, totals)."""
        return self.get_queryset().get(pk=instance.pk)
