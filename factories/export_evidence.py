"""What the export's values() rows share: absolute API URLs without a reverse() per row, JSON
numbers as the API writes them, and every citation grouped by the fact and field it supports."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from sources.models import Citation, Source
from sources.selectors import named_objects

# Stands for a row's key in a reversed URL: matches the slug, id and state code patterns.
_KEYS = ("987654321", "zz")


class Urls:
    """Absolute API URLs by string formatting: one reverse() per kind, not one per row."""

    def __init__(self, request):
        self._parts = {}
        self.request = request

    def __call__(self, view_name, key, lookup="pk"):
        """The URL of the row whose `lookup` is `key`; of the list itself when `key` is None."""
        parts = self._parts.get(view_name)
        if parts is None:
            parts = self._parts[view_name] = self._split(view_name, lookup, key is not None)
        return f"{parts[0]}{'' if key is None else key}{parts[1]}"

    def _split(self, view_name, lookup, keyed):
        if not keyed:
            return self.request.build_absolute_uri(reverse(view_name)), ""
        for stand_in in _KEYS:
            try:
                path = reverse(view_name, kwargs={lookup: stand_in})
            except NoReverseMatch:
                continue
            return tuple(self.request.build_absolute_uri(path).rsplit(stand_in, 1))
        raise NoReverseMatch(view_name)


def number(value):
    """A decimal as the API's JSON gives it: a number, rounded to the model field's places, as
    the database returns it already (DRF's quantize would change nothing and costs 30 µs)."""
    return None if value is None else float(value)


NO_CITATIONS = {}


class Evidence:
    """Every citation of the given models, grouped by the object and field it supports, in the
    order the API lists them: accepted, then differing, then superseded versions."""

    def __init__(self, urls, models):
        self.urls = urls
        content_types = ContentType.objects.get_for_models(*models)
        self.content_type = {model: ct.pk for model, ct in content_types.items()}
        sources = {
            row["pk"]: {
                "slug": row["slug"],
                "title": row["title"],
                "document_url": row["url"] or None,
                "url": urls("api:source-detail", row["slug"], "slug"),
            }
            for row in Source.objects.values("pk", "slug", "title", "url")
        }
        by_object = defaultdict(dict)
        rows = Citation.objects.filter(content_type__in=self.content_type.values()).values(
            "content_type_id",
            "object_id",
            "field_name",
            "quote",
            "stated_value",
            "is_accepted",
            "superseded_at",
            "note",
            "source_id",
        )
        for row in rows:
            fields = by_object[row["content_type_id"], row["object_id"]]
            groups = fields.setdefault(row["field_name"], ([], [], []))
            group = 0 if row["is_accepted"] else 2 if row["superseded_at"] is not None else 1
            groups[group].append(
                {
                    "quote": row["quote"],
                    "stated_value": row["stated_value"],
                    "is_accepted": row["is_accepted"],
                    "note": row["note"],
                    "source": sources[row["source_id"]],
                }
            )

        # Per object: its citations by field, and the fields where sources differ.
        self.by_object = {
            key: {name: sum(groups, []) for name, groups in fields.items()}
            for key, fields in by_object.items()
        }
        self.differing = {
            key: [
                (name, accepted, differing)
                for name, (accepted, differing, _) in fields.items()
                if differing
            ]
            for key, fields in by_object.items()
            if any(groups[1] for groups in fields.values())
        }
        # The name of each object the sources differ about: one query per kind of fact, whether
        # or not it has disagreements, so the export runs as many queries at any size.
        self.names = {}
        for model, content_type in self.content_type.items():
            disputed = Citation.objects.filter(
                content_type=content_type, is_accepted=False, superseded_at__isnull=True
            ).values("object_id")
            for obj in named_objects(model).filter(pk__in=disputed):
                self.names[content_type, obj.pk] = str(obj)

    def citations(self, model, pk):
        # Most generated facts have no citations: the same empty dictionary serves them all.
        return self.by_object.get((self.content_type[model], pk), NO_CITATIONS)

    def disagreements(self, model, pk):
        """(field, accepted, differing) for each field of the object the sources differ about."""
        return self.differing.get((self.content_type[model], pk), ())

    def name(self, model, pk):
        """The object's name (its str()), for an object the sources differ about."""
        return self.names[self.content_type[model], pk]
