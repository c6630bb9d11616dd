"""Read queries for sources and citations, shared by the pages, the API and the admin."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from .models import Citation, Source


@dataclass
class FieldEvidence:
    """The citations behind one field of one object, and whether the sources differ about it."""

    field_name: str
    accepted: list = field(default_factory=list)
    differing: list = field(default_factory=list)

    @property
    def sources_differ(self):
        return bool(self.differing)

    @property
    def citations(self):
        return self.accepted + self.differing


def evidence_by_field(obj):
    """Group an object's citations by field; uses prefetched `citations` when present."""
    evidence = {}
    for citation in obj.citations.all():
        item = evidence.setdefault(citation.field_name, FieldEvidence(citation.field_name))
        (item.accepted if citation.is_accepted else item.differing).append(citation)
    return evidence


def citations_prefetch(lookup="citations"):
    """Prefetch an object's citations with their sources in one query per relation."""
    return Prefetch(lookup, queryset=Citation.objects.select_related("source"))


def source_list():
    return Source.objects.annotate(
        citation_count=Count("citations"),
        differing_count=Count("citations", filter=Q(citations__is_accepted=False)),
    ).order_by("slug")


def source_detail_queryset():
    return source_list().prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("content_type").order_by(
                "content_type", "object_id", "field_name"
            ),
        )
    )


def disagreements():
    """Every citation whose version the registry does not accept, with its source."""
    return Citation.objects.filter(is_accepted=False).select_related("source", "content_type")
