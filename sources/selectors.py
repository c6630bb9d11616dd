"""Read queries for sources and citations, shared by the pages, the API and the admin."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from .models import Citation, Source, citable_models
from .text import blocks, normalise, passage_of


@dataclass
class FieldEvidence:
    """The citations behind one field of one object, and whether the sources differ about it."""

    field_name: str
    accepted: list = field(default_factory=list)
    differing: list = field(default_factory=list)
    # Evidence of an earlier value, replaced by a later one: on record, but not a disagreement.
    superseded: list = field(default_factory=list)

    @property
    def sources_differ(self):
        return bool(self.differing)

    @property
    def citations(self):
        return self.accepted + self.differing + self.superseded

    @property
    def low_reliability(self):
        """Whether the accepted value rests only on sources the registry rates low."""
        return bool(self.accepted) and all(
            citation.source.reliability == Source.Reliability.LOW for citation in self.accepted
        )

    @property
    def quotes(self):
        """Each (source, quote) once: two fields backed by the same passages read as one."""
        return {(citation.source_id, citation.quote) for citation in self.citations}


def evidence_by_field(obj):
    """Group an object's citations by field; uses prefetched `citations` when present."""
    evidence = {}
    for citation in obj.citations.all():
        item = evidence.setdefault(citation.field_name, FieldEvidence(citation.field_name))
        if citation.is_accepted:
            item.accepted.append(citation)
        elif citation.superseded_at is not None:
            item.superseded.append(citation)
        else:
            item.differing.append(citation)
    return evidence


def citations_prefetch(lookup="citations"):
    """Prefetch an object's citations with their sources in one query per relation."""
    return Prefetch(lookup, queryset=Citation.objects.select_related("source"))


def accepted_citations_prefetch(field_name, lookup="citations"):
    """Prefetch only the accepted citations of one field, with what a link to their passage
    needs: a list links each figure to the passage that states it, and loads nothing else."""
    return Prefetch(
        lookup,
        queryset=Citation.objects.filter(field_name=field_name, is_accepted=True)
        .select_related("source")
        .only(
            "content_type_id",
            "object_id",
            "field_name",
            "is_accepted",
            "quote",
            "source__slug",
            "source__text_format",
            "source__archived_text",
        ),
    )


def _citation_count(**conditions):
    """How many of a source's citations meet `conditions`, counted for each row a query returns
    (a correlated subquery): a page of 50 counts 50 sources' citations, not every source's."""
    citations = Citation.objects.filter(source=OuterRef("pk"), **conditions).order_by()
    counted = citations.values("source").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


def source_list():
    return Source.objects.annotate(
        citation_count=_citation_count(),
        differing_count=_citation_count(is_accepted=False, superseded_at__isnull=True),
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


def citation_subjects(source):
    """The objects a source's citations are about, keyed by (model label, pk).

    One query per citable model, whatever the source cites, so that a source's page runs the
    same number of queries however many facts it supports.
    """
    subjects = {}
    for model in citable_models():
        cited = Citation.objects.filter(
            source=source,
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        ).values("object_id")
        for obj in named_objects(model).filter(pk__in=cited):
            subjects[(model._meta.label_lower, obj.pk)] = obj
    return subjects


def latest_version(obj):
    """The object's latest recorded version, or None for one loaded and never changed."""
    return (
        type(obj)
        .history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )


def edit_version(obj):
    """The version an edit is based on: the latest history id, 0 before the first change."""
    if obj.pk is None:
        return 0
    latest = (
        type(obj)
        .history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return latest or 0


def named_objects(model):
    """A cited model's objects with the related objects their names are made of (one level)."""
    related = [
        field.name for field in model._meta.concrete_fields if field.many_to_one or field.one_to_one
    ]
    return model._default_manager.select_related(*related)


def citation_list():
    """Citations with their source and the fact each is about, for lists of every kind of fact.

    The subjects come in one query per kind of fact, each with what its name is made of.
    """
    return Citation.objects.select_related("source", "content_type").prefetch_related(
        GenericPrefetch("subject", [named_objects(model) for model in citable_models()])
    )


@dataclass
class DocumentPassage:
    """One passage of a source's page: its anchor number, text, and the citations quoting it."""

    number: int
    text: str
    citation_ids: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"passage-{self.number}"

    @property
    def cells(self):
        return [cell.strip() for cell in self.text.strip().strip("|").split("|")]


@dataclass
class DocumentBlock:
    """A paragraph or a table of a source's page."""

    kind: str
    passages: list


def source_document(source, citations):
    """The source's readable text as blocks of anchored passages, each with the citations that
    quote it, so that a quote links to its passage and the passage back to its facts."""
    quoted = {}
    for citation in citations:
        number = passage_of(source.passages, citation.quote)
        if number:
            quoted.setdefault(number, []).append(citation.pk)
    document, number = [], 0
    for block in blocks(source.readable_text):
        passages = []
        for text in block.passages:
            number += 1
            passages.append(DocumentPassage(number, text, quoted.get(number, [])))
        document.append(DocumentBlock(block.kind, passages))
    return document


@dataclass
class Note:
    """One passage printed once in a page's notes, that one or more facts point to."""

    number: int
    citation: object

    @property
    def anchor(self):
        return f"note-{self.number}"


@dataclass
class Footnotes:
    """A page's numbered notes: each passage (a source's quote) once, numbered as the facts that
    cite it appear; a fact shows the numbers of its notes."""

    notes: list = field(default_factory=list)
    _numbers: dict = field(default_factory=dict)

    def refs(self, evidence):
        """The notes of a fact's accepted evidence, numbering any passage seen for the first time."""
        found = []
        for citation in evidence.accepted if evidence else []:
            key = (citation.source_id, normalise(citation.quote))
            if key not in self._numbers:
                self._numbers[key] = Note(len(self.notes) + 1, citation)
                self.notes.append(self._numbers[key])
            if self._numbers[key] not in found:
                found.append(self._numbers[key])
        return found
