"""The read model of the HTML pages that show the most at once: a factory's page and the
overview. Each is built once per data version in each process and reused by every read until the
registry changes (as the API's read model, sources.readmodel, keeps its representations).

A page is built from the ORM as before (selectors, evidence_by_field(), the numbered notes of
sources.selectors.Footnotes) and kept as what the frame needs per request: a few values for the
title, the description and the JSON-LD, and the page's main part rendered once (its facts, their
notes and links, which depend only on the data). Entries are keyed by the registry's data
version, which changes on every save, delete and commit, so an edit is on the very next read in
every process; and by what links are built from (scheme, host, script prefix).

The data version comes from config (config.readmodel.connect() calls follow_data_version()):
config wires, and factories sits below it. Without it (the read model off: no cache shared by
every worker), and inside a transaction, every read builds the page afresh.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from consortia.models import Country
from funding.models import StatedTotal
from sources.readmodel import Representations, link_context
from sources.selectors import Footnotes, citations_prefetch, evidence_by_field

from .charts import europe_map
from .models import AIFactory, SelectionRound
from .round_views import citation_stating
from .selectors import (
    consortium_states_by_role,
    factory_detail,
    factory_list_page,
    overview_factories,
    states_on_map,
)
from .templatetags.registry import factory_structured_data

# The most pages of one kind kept per process; the least recently read go first.
PAGES_KEPT = 1_000
_stores = {}
_data_version = None


def follow_data_version(data_version):
    """Keep pages under `data_version()`, the registry's data version (None: build afresh)."""
    global _data_version
    _data_version = data_version


@dataclass(frozen=True)
class FactoryPage:
    """What a factory's page shows: `content` is its main part, rendered once per data version."""

    name: str
    summary: str
    structured_data: SafeString
    content: SafeString


def kept(kind, request, key, build):
    """`build()`, once per data version for this kind of page, `key` and the request's links."""
    store = _stores.setdefault(kind, Representations(PAGES_KEPT))
    version = _data_version() if _data_version else None
    key = (key, *link_context(request)[:3])
    page = store.get_many(version, [key]).get(key)
    if page is None:
        page = build()
        store.put_many(version, {key: page})
    return page


def factory_page(request, slug):
    """The page of the factory with this slug; Http404 when there is no such factory."""
    return kept("factory", request, slug, lambda: build_factory_page(request, slug))


def build_factory_page(request, slug):
    """The page built from the database: every fact with its evidence, numbered notes."""
    factory = get_object_or_404(factory_detail(), slug=slug)
    site = getattr(factory, "site", None)
    systems = list(factory.systems.all())
    for obj in [
        factory,
        site,
        *factory.memberships.all(),
        *factory.partnerships.all(),
        *factory.budgets.all(),
        *factory.other_names.all(),
        *systems,
        *(system.supercomputer for system in systems),
    ]:
        if obj is not None:
            obj.evidence = evidence_by_field(obj)
    content = render_to_string(
        "factories/_factory_content.html",
        {
            "factory": factory,
            "site": site,
            "host": factory.host_membership,
            "members": factory.member_memberships,
            "budgets": list(factory.budgets.all()),
            "footnotes": Footnotes(),
        },
    )
    return FactoryPage(
        name=factory.name,
        summary=factory.summary,
        structured_data=factory_structured_data(request, factory, site),
        content=content,
    )


@dataclass(frozen=True)
class OverviewPage:
    """What the overview shows: `content` is its main part, rendered once per data version."""

    factory_count: int
    content: SafeString


def overview_page(request):
    """The overview (the home page); it reads nothing from the query."""
    return kept("overview", request, None, build_overview_page)


def build_overview_page():
    """The overview built from the database: the figures, the map, the first factories."""
    # A fixed number of queries at any size: the count, the first factories, the states by role,
    # their host sites aggregated, the headline total and its citations with their sources.
    factory_count = AIFactory.objects.count()
    factories = list(overview_factories())
    states = list(consortium_states_by_role())
    on_map = states_on_map(states)
    headline = (
        StatedTotal.objects.filter(kind=StatedTotal.Kind.INVESTMENT, part_of__isnull=True)
        .prefetch_related(citations_prefetch())
        .order_by("-amount_eur_million")
        .first()
    )
    # The figure links to the passage that states it, and says when only a weak source does.
    headline_evidence = evidence_by_field(headline).get("amount_eur_million") if headline else None
    # The scope names the first selection and its date, which links to the passage that states it.
    first_round = (
        SelectionRound.objects.prefetch_related(citations_prefetch())
        .order_by("announced_on", "pk")
        .first()
    )
    announced = first_round.announced_on if first_round else None
    announced_citation = (
        citation_stating(evidence_by_field(first_round).get("announced_on"), str(announced.year))
        if announced
        else None
    )
    summarised = factory_count > len(factories)
    content = render_to_string(
        "factories/_home_content.html",
        {
            "factories": factories,
            "factory_count": factory_count,
            "summarised": summarised,
            "states": states,
            "hosts": [state for state in states if state.hosted_count],
            "headline_total": headline,
            "headline_evidence": headline_evidence,
            "first_round": first_round,
            "announced_citation": announced_citation,
            # A map of thousands of markers is not a map: beyond the limit, one per host state.
            "map": europe_map(on_map if summarised else factories),
        },
    )
    return OverviewPage(factory_count=factory_count, content=content)


# The most rows of the factory list kept per process: every row at 10,000 factories and more.
ROWS_KEPT = 20_000


def factory_list_rows(request, ids):
    """The rows of the factory list for the factories with these ids, in this order, each
    rendered once per data version; the page's query picks the ids, the rows come from here."""
    store = _stores.setdefault("factory-row", Representations(ROWS_KEPT))
    version = _data_version() if _data_version else None
    links = link_context(request)[:3]
    keys = [(pk, *links) for pk in ids]
    rows = store.get_many(version, keys)
    missing = [key[0] for key in keys if key not in rows]
    if missing:
        built = {
            (factory.pk, *links): render_to_string(
                "factories/_factory_row.html", {"factory": factory}
            )
            for factory in factory_list_page().filter(pk__in=missing)
        }
        store.put_many(version, built)
        rows.update(built)
    return [rows[key] for key in keys]


def factory_list_countries(request):
    """The states a factory list can be filtered by: those in any consortium, by name."""
    return kept(
        "factory-list-countries",
        request,
        None,
        lambda: sorted(
            Country.objects.filter(memberships__isnull=False).distinct(),
            key=lambda country: country.name,
        ),
    )
