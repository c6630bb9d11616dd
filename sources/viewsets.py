"""The base of the API's viewsets: writes through `sources.services`, never a lost update.

Every write of a cited fact goes through `services.fact_save` with the citations sent in the
same body (`evidence`), as the admin's do. A change or a delete states the version it was based
on: the `ETag` of the object's detail, sent back in `If-Match`. Without it the answer is 428;
if the object has changed since, 412, and nothing is written.
"""

from hashlib import md5

from django.db import transaction
from django.utils.cache import quote_etag
from django.utils.http import parse_etags
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from . import services
from .models import Citation
from .readmodel import StoredRow, link_context, only_links_read, representations


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send the ETag of the object's detail, as read before this change, in If-Match: "
        "a change must state the version it is based on."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The object has changed since the version in If-Match; nothing was written. Read it "
        "again, then send the change with its new ETag."
    )
    default_code = "precondition_failed"


class QueryFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the request sends none of the FilterSet's
    parameters: building and validating an unbound form of every filter then changes nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class RegistryViewSet(viewsets.ModelViewSet):
    """A viewset of cited facts: every write with its evidence and its If-Match, in one atomic step."""

    # An endpoint that sets `read_model` serves its rows and details from the read model
    # (sources.readmodel) when the API's router gives it `data_version`: a callable returning
    # the registry's data version, or None when it cannot be read.
    read_model = False
    data_version = None
    filter_backends = [QueryFilterBackend, filters.SearchFilter, filters.OrderingFilter]

    def paginate_queryset(self, queryset):
        # A CSV or GeoJSON download is the whole (filtered) list, for a spreadsheet or a map.
        if getattr(self.request.accepted_renderer, "unpaginated", False):
            return None
        return super().paginate_queryset(queryset)

    # --- Reads ---

    def version(self):
        return self.data_version() if self.read_model and self.data_version else None

    def row_queryset(self):
        """What a list row is built from; the list picks its rows from get_queryset(), which
        may then leave out what only the rows need (an endpoint's lighter selection)."""
        return self.get_queryset()

    def build_rows(self, ids):
        """The list rows of the objects whose ids `ids` (a list or a query) gives, by id."""
        objects = list(self.row_queryset().filter(pk__in=ids))
        rows = self.get_serializer(objects, many=True).data
        return {obj.pk: row for obj, row in zip(objects, rows, strict=True)}

    def list(self, request, *args, **kwargs):
        """The filters, the order and the page in SQL, as ids; each row from the read model,
        built (one query per relation) only for the rows it lacks."""
        if not self.read_model:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        ids = queryset.prefetch_related(None).values_list("pk", flat=True)
        page = self.paginate_queryset(ids)
        pks = list(ids if page is None else page)
        version, links = self.version(), link_context(request)
        store = representations(type(self), "list")
        found = {
            key[1]: row for key, row in store.get_many(version, [(links, pk) for pk in pks]).items()
        }
        missing = [pk for pk in pks if pk not in found]
        if missing:
            # A whole download selects by its own query rather than by a list of every id.
            built = {
                pk: StoredRow(row)
                for pk, row in self.build_rows(
                    ids.values("pk") if page is None else missing
                ).items()
            }
            store.put_many(version, {(links, pk): row for pk, row in built.items()})
            found.update(built)
        rows = [found[pk] for pk in pks]
        if page is not None:
            return self.get_paginated_response(rows)
        return Response(rows)

    def retrieve(self, request, *args, **kwargs):
        """An object's detail from the read model, built once per data version."""
        if not (self.read_model and only_links_read(request)):
            return super().retrieve(request, *args, **kwargs)
        version, store = self.version(), representations(type(self), "retrieve")
        key = (link_context(request), kwargs[self.lookup_url_kwarg or self.lookup_field])
        found = store.get_many(version, [key])
        if key in found:
            return Response(found[key])
        response = super().retrieve(request, *args, **kwargs)
        store.put_many(version, {key: response.data})
        return response

    # --- Versions ---

    def detail_etag(self, pk):
        """The ETag a GET of this object's JSON detail answers with now."""
        action = self.action
        self.action = "retrieve"
        try:
            obj = self.get_queryset().get(pk=pk)
            data = self.get_serializer(obj).data
        finally:
            self.action = action
        content = JSONRenderer().render(data, "application/json", self.get_renderer_context())
        return quote_etag(md5(content, usedforsecurity=False).hexdigest())

    def check_if_match(self, request, instance):
        header = request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        if header.strip() != "*" and self.detail_etag(instance.pk) not in parse_etags(header):
            raise PreconditionFailed()

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            # Lock the row, so no other write lands between the version check and this one.
            list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk))
            self.check_if_match(request, instance)
            response = super().update(request, *args, **kwargs)
            response["ETag"] = self.detail_etag(instance.pk)
        return response

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["ETag"] = self.detail_etag(self.created.pk)
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk))
            self.check_if_match(request, instance)
            return super().destroy(request, *args, **kwargs)

    # --- Writes ---

    def _split(self, serializer):
        data = dict(serializer.validated_data)
        evidence = [Citation(**citation) for citation in data.pop("evidence", [])]
        model = serializer.Meta.model
        m2m = {f.name: data.pop(f.name) for f in model._meta.many_to_many if f.name in data}
        return data, evidence, m2m

    def perform_create(self, serializer):
        data, evidence, m2m = self._split(serializer)
        fact = serializer.Meta.model(**data)
        services.fact_save(fact, citations=evidence, m2m=m2m, user=self.request.user)
        self.created = fact
        serializer.instance = self.as_read(fact)

    def perform_update(self, serializer):
        data, evidence, m2m = self._split(serializer)
        fact = serializer.instance
        for name, value in data.items():
            setattr(fact, name, value)
        services.fact_save(fact, citations=evidence, m2m=m2m or None, user=self.request.user)
        serializer.instance = self.as_read(fact)

    def perform_destroy(self, instance):
        services.fact_delete(instance, user=self.request.user)

    def as_read(self, instance):
        """The written object as the endpoint reads it, with its annotations (counts, totals)."""
        return self.get_queryset().get(pk=instance.pk)
