"""HTML pages of the sources app: each source, the facts it supports and its archived text;
and the registry's quality page, what its checks find."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .filters import SourceFilterSet
from .models import Source
from .quality import quality_report
from .selectors import citation_subjects, source_detail_queryset, source_document, source_list

# As the entity lists: a page of sources, with links to the others, however many there are.
SOURCES_PER_PAGE = 50


@require_safe
def source_list_view(request):
    filterset = SourceFilterSet(request.GET or None, queryset=source_list())
    valid = filterset.is_valid() if filterset.is_bound else True
    # get_page() turns a missing or nonsense page number into the nearest real page.
    page = Paginator(filterset.qs if valid else Source.objects.none(), SOURCES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "sources/source_list.html",
        {
            "filterset": filterset,
            "valid": valid,
            "page": page,
            "sources": page.object_list,
            "kind_options": Source.Kind.choices,
            "reliability_options": Source.Reliability.choices,
            "current": request.GET,
        },
        status=200 if valid else 400,
    )


@require_safe
def source_detail_view(request, slug):
    source = get_object_or_404(source_detail_queryset(), slug=slug)
    subjects = citation_subjects(source)
    facts, by_subject = [], {}
    for citation in source.citations.all():
        model = citation.content_type.model_class()
        key = (
            f"{citation.content_type.app_label}.{citation.content_type.model}",
            citation.object_id,
        )
        subject = subjects.get(key)
        if subject is None:
            continue
        citation.field_label = model.fact_label(citation.field_name)
        if key not in by_subject:
            by_subject[key] = {
                "kind": str(model._meta.verbose_name),
                "name": str(subject),
                "url": subject.public_url(),
                "citations": [],
            }
            facts.append(by_subject[key])
        by_subject[key]["citations"].append(citation)
    return render(
        request,
        "sources/source_detail.html",
        {
            "source": source,
            "facts": facts,
            "document": source_document(source, source.citations.all()),
        },
    )


@require_safe
def quality_view(request, data_version=None, shared=None):
    """What the checks find, kept per data version. config's URLs pass in `data_version` (a
    callable naming the registry's current version, or None when there is none to key on) and
    `shared`, the cache every process reads (sources.quality)."""
    version = data_version() if data_version else None
    return render(request, "sources/quality.html", {"report": quality_report(version, shared)})
