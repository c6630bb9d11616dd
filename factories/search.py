"""The registry's search: what a query matches, forgiving case, accents and the other names and
adjectives of states; on the search page the first few of each kind, behind "see all" every one
of a kind, a page at a time.

Names are folded in Python (unicodedata), not in SQL, so that "Linkoping" finds "Linköping" on
SQLite and PostgreSQL alike without a database extension. Matching works on sets of ids and
names read once per kind, so no query carries a list of thousands of ids, and only the rows
shown are loaded as model instances: a search that matches 10,000 factories builds ten.
"""

from dataclasses import dataclass
from operator import itemgetter

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When

from consortia.models import Country, Membership, Organisation, Partnership
from consortia.names import fold, matching_state_codes, unrecorded_state

from .models import AIFactory, FactoryName, FactorySystem, HostSite, Supercomputer
from .selectors import organisation_summary, supercomputer_summary

# The search page shows up to this many results of each kind; "see all" pages through one kind.
RESULTS_PER_KIND = 10
RESULTS_PER_PAGE = 50
SEPARATOR = "\x1f"
# Each kind of result: its heading, and its name in a sentence.
KINDS = {
    "factories": ("AI Factories", "AI Factories"),
    "states": ("States", "states"),
    "organisations": ("Organisations", "organisations"),
    "supercomputers": ("Supercomputers", "supercomputers"),
}


@dataclass
class Found:
    """One kind of result: the results shown (the first few, or one page) and how many match."""

    kind: str
    results: list
    count: int
    page: object = None  # a Paginator page when one kind is listed in full

    @property
    def heading(self):
        return KINDS[self.kind][0]

    @property
    def noun(self):
        return KINDS[self.kind][1]

    @property
    def more(self):
        return self.count > len(self.results)


def _matching(rows, needle):
    """The first column of each row (key, name, name…) with a name containing the folded needle."""
    # One text per row, its names joined by a character no needle contains (search() drops it);
    # ASCII text, most of it, needs only lower(): fold() is called for the rest.
    texts = [SEPARATOR.join(filter(None, row[1:])) for row in rows]
    folded = [text.lower() if text.isascii() else fold(text) for text in texts]
    return {row[0] for row, text in zip(rows, folded, strict=True) if needle in text}


def _by_name(rows, ids):
    """{id: name} of the rows (id, name…) whose id is in `ids`, in name order."""
    return dict(sorted(((row[0], row[1]) for row in rows if row[0] in ids), key=itemgetter(1)))


def _factory_ids(rows):
    return set(rows.order_by().values_list("factory_id", flat=True))


@dataclass
class SearchMatches:
    """Everything a query matches, as names by id: the registry's rows are loaded only for the
    results shown."""

    state_codes: list
    factories: dict
    organisations: dict
    supercomputers: dict

    @classmethod
    def of(cls, query):
        needle = fold(query)
        # No ORDER BY: the results are put in name order here, after matching. The summary is
        # matched in SQL (icontains), as a column of the read of the factories' names.
        factories = list(
            AIFactory.objects.order_by()
            .annotate(
                in_summary=Case(
                    When(summary__icontains=query, then=1), default=0, output_field=IntegerField()
                )
            )
            .values_list("pk", "name", "slug", "in_summary")
        )
        organisations = list(
            Organisation.objects.order_by().values_list("pk", "name", "short_name")
        )
        supercomputers = list(Supercomputer.objects.order_by().values_list("pk", "name"))
        sites = list(
            HostSite.objects.order_by().values_list("factory_id", "city", "place", "organisation")
        )
        organisation_ids = _matching(organisations, needle)
        supercomputer_ids = _matching(supercomputers, needle)
        state_codes = matching_state_codes(query)
        # A factory matches by its names and slug, its summary, its site's city or place, or a
        # matched host organisation, partner, supercomputer or member state.
        factory_ids = (
            _matching([row[:3] for row in factories], needle)
            | {row[0] for row in factories if row[3]}
            | _matching(FactoryName.objects.order_by().values_list("factory_id", "name"), needle)
            | _matching([row[:3] for row in sites], needle)
            | {row[0] for row in sites if row[3] in organisation_ids}
        )
        if organisation_ids:
            factory_ids |= _factory_ids(
                Partnership.objects.filter(organisation__in=organisation_ids)
            )
        if supercomputer_ids:
            factory_ids |= _factory_ids(
                FactorySystem.objects.filter(supercomputer__in=supercomputer_ids)
            )
        if state_codes:
            factory_ids |= _factory_ids(Membership.objects.filter(country__code__in=state_codes))
        return cls(
            state_codes=state_codes,
            factories=_by_name(factories, factory_ids),
            organisations=_by_name(organisations, organisation_ids),
            supercomputers=_by_name(supercomputers, supercomputer_ids),
        )

    def count(self, kind):
        return len(self.state_codes if kind == "states" else getattr(self, kind))

    def results(self, kind, ids):
        """The rows of `ids` (in name order) for the results list of one kind."""
        if kind == "states":
            return matching_states(ids)
        if not ids:
            return []
        rows = {
            "factories": lambda: (
                AIFactory.objects.select_related("site__country")
                .prefetch_related("other_names")
                .filter(pk__in=ids)
            ),
            "organisations": lambda: organisation_summary(among=ids).filter(pk__in=ids),
            "supercomputers": lambda: supercomputer_summary(among=ids).filter(pk__in=ids),
        }[kind]()
        by_id = {row.pk: row for row in rows}
        return [by_id[pk] for pk in ids if pk in by_id]

    def ids(self, kind):
        return self.state_codes if kind == "states" else list(getattr(self, kind))


def matching_states(codes):
    """The states a search names, in name order: the registry's row, or an unsaved one for a
    state no source names (its page says it is in no consortium)."""
    recorded = {country.code.code: country for country in Country.objects.filter(code__in=codes)}
    return [recorded.get(code) or unrecorded_state(code) for code in codes]


def search(query, kind=None, page=None):
    """The results of `query`: the first RESULTS_PER_KIND of every kind that matches, or, for
    one `kind`, one page of RESULTS_PER_PAGE; empty for an empty query."""
    query = query.replace(SEPARATOR, "").strip()
    if not query:
        return []
    matches = SearchMatches.of(query)
    if kind:
        paginated = Paginator(matches.ids(kind), RESULTS_PER_PAGE).get_page(page)
        results = matches.results(kind, list(paginated))
        return [Found(kind, results, matches.count(kind), page=paginated)]
    found = []
    for each in KINDS:
        if count := matches.count(each):
            found.append(
                Found(each, matches.results(each, matches.ids(each)[:RESULTS_PER_KIND]), count)
            )
    return found
