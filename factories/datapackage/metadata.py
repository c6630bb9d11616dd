"""What the registry's open data says about itself: its name, description, licence and version."""

from datetime import UTC

from django.conf import settings
from django.db.models import Count, Max

from sources.models import Citation, Source, citable_models

NAME = "ai-factories"
TITLE = "AI Factories Registry"
DESCRIPTION = (
    "The EU's AI Factories selected by the EuroHPC Joint Undertaking: their host sites, the "
    "states in their consortia, partners, supercomputers, funding, and the sources and verbatim "
    "quotes behind every fact."
)


def licence():
    """The data's licence, as the API's schema states it (SPECTACULAR_SETTINGS["LICENSE"])."""
    stated = settings.SPECTACULAR_SETTINGS["LICENSE"]
    return {
        "name": stated["name"],
        "path": stated["url"],
        "title": "Creative Commons Attribution 4.0",
    }


def data_version():
    """The registry's data version and the time of its last change: how many changes its
    history records (every save and delete of a fact, source or citation) and the newest."""
    count, last = 0, None
    for model in [*citable_models(), Source, Citation]:
        row = model.history.aggregate(n=Count("pk"), last=Max("history_date"))
        count += row["n"]
        if row["last"] and (last is None or row["last"] > last):
            last = row["last"]
    return {"version": str(count), "modified": last.astimezone(UTC) if last else None}
