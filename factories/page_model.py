"""The factory page's read model: what a factory's page shows, built once per data version in
each process and reused by every read until the registry changes (as the API's read model,
sources.readmodel, keeps its representations).

A page is built from the ORM as before (factory_detail(), evidence_by_field(), the numbered
notes of sources.selectors.Footnotes) and kept as what the frame needs per request: the name, the
summary, the JSON-LD and the page's content rendered once (its facts, their notes and links,
which depend only on the data). Entries are keyed by the registry's data version, which changes
on every save, delete and commit, so an edit is on the very next read in every process; and by
what the JSON-LD's absolute links are built from (scheme and host).

The data version comes from config (config.readmodel.connect() calls follow_data_version()):
config wires, and factories sits below it. Without it (the read model off: no cache shared by
every worker), and inside a transaction, every read builds the page afresh.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from sources.readmodel import Representations
from sources.selectors import Footnotes, evidence_by_field

from .selectors import factory_detail
from .templatetags.registry import factory_structured_data

# The most factory pages kept per process; the least recently read go first.
PAGES_KEPT = 1_000
_pages = Representations(PAGES_KEPT)
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


def factory_page(request, slug):
    """The page of the factory with this slug, from the read model when it holds it; Http404
    when there is no such factory."""
    version = _data_version() if _data_version else None
    key = (slug, request.scheme, request.get_host())
    page = _pages.get_many(version, [key]).get(key)
    if page is None:
        page = build_factory_page(request, slug)
        _pages.put_many(version, {key: page})
    return page


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
