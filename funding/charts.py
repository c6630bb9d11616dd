"""The /funding/ page's bar chart of per-factory budgets, drawn as SVG on the server."""

from dataclasses import dataclass
from itertools import groupby

from .models import Qualifier
from .money import format_eur

BAR_CHART_WIDTH = 640
BAR_LABEL_WIDTH = 150
BAR_HEIGHT = 26
BAR_GAP = 12


@dataclass
class Bar:
    label: str
    url: str
    display: str
    width: float | None  # None when the amount is unknown: no bar is drawn
    at_least: bool
    y: float
    low_reliability: bool = False  # stated only by sources the registry rates low
    passage_url: str | None = None  # the passage stating a one-line budget's amount

    @property
    def text_offset(self):
        """Where the amount's label starts, past the bar (and past the open end of an “at least”)."""
        return round((self.width or 0) + (48 if self.at_least else 8))

    @property
    def open_width(self):
        return round((self.width or 0) + 40, 1)


@dataclass
class FactoryTotal:
    """A factory's budget lines added up: a sum, “at least” a sum, or unknown."""

    name: str
    url: str
    total: object  # Decimal, or None when no line gives a number
    open_ended: bool
    low_reliability: bool
    passage_url: str | None = None

    @classmethod
    def of(cls, lines):
        factory = lines[0].factory
        known = [line.amount_eur_million for line in lines if line.amount_eur_million is not None]
        total = sum(known) if known else None
        at_least = any(line.qualifier == Qualifier.AT_LEAST for line in lines)
        unknown = any(line.qualifier == Qualifier.UNKNOWN for line in lines)
        # Known lines beside an unknown one add up to a minimum: “at least” their sum.
        # Lines with their evidence (funding.views): a sum is as weak as its weakest stated line.
        low = any(
            line.evidence["amount_eur_million"].low_reliability
            for line in lines
            if "amount_eur_million" in getattr(line, "evidence", {})
        )
        # A budget of one line links to the passage that states it; a sum of lines has no one
        # passage, and the page's list of budgets below links each line to its own.
        passage = None
        if len(lines) == 1 and "amount_eur_million" in getattr(lines[0], "evidence", {}):
            accepted = lines[0].evidence["amount_eur_million"].accepted
            passage = accepted[0].passage_url() if accepted else None
        return cls(
            factory.name,
            factory.get_absolute_url(),
            total,
            at_least or (unknown and total is not None),
            low,
            passage,
        )


def budget_bars(budget_lines):
    """One bar per factory with budget lines, longest first; an unknown budget gets no bar, only
    the word. `budget_lines` come with their factory (funding.selectors.budget_list)."""
    ordered_lines = sorted(budget_lines, key=lambda line: line.factory_id)
    totals = [
        FactoryTotal.of(list(lines))
        for _, lines in groupby(ordered_lines, key=lambda line: line.factory_id)
    ]
    totals.sort(key=lambda t: (t.total is None, -(t.total or 0), t.name))
    largest = max((t.total for t in totals if t.total is not None), default=0) or 1
    plot_width = BAR_CHART_WIDTH - BAR_LABEL_WIDTH - 190
    bars = [
        Bar(
            label=t.name,
            url=t.url,
            display=format_eur(t.total, Qualifier.AT_LEAST if t.open_ended else Qualifier.EXACT),
            width=None
            if t.total is None
            else round(float(t.total) / float(largest) * plot_width, 1),
            at_least=t.open_ended,
            y=index * (BAR_HEIGHT + BAR_GAP),
            low_reliability=t.low_reliability,
            passage_url=t.passage_url if t.total is not None else None,
        )
        for index, t in enumerate(totals)
    ]
    return {
        "bars": bars,
        "low_reliability": any(bar.low_reliability for bar in bars),
        "width": BAR_CHART_WIDTH,
        "label_width": BAR_LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT),
    }
