"""The registry's integrity rules: each finds its failures in plain words, with the objects concerned.

`sources` knows no domain app: each app registers its own checks here from its
`AppConfig.ready()`, and `manage.py check_registry` and the /quality/ page run them all.
Every check runs a fixed number of queries, however many facts the registry holds.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from .models import Citation, Source, citable_models


@dataclass(frozen=True)
class Failure:
    """One place where a rule is broken: what is wrong, in plain words, and what it concerns."""

    message: str
    subjects: tuple[models.Model, ...] = ()
    # The title of the check that found it; run_checks() fills it in.
    check: str = ""

    def links(self):
        return [SubjectLink.of(subject) for subject in self.subjects]


@dataclass(frozen=True)
class SubjectLink:
    """An object a failure concerns, as the quality page links it: its public page, its admin page."""

    label: str
    public_url: str | None
    admin_url: str | None

    @classmethod
    def of(cls, obj):
        meta = obj._meta
        if isinstance(obj, Citation):
            label = f"citation {obj.pk}"
        else:
            label = f"{meta.verbose_name} “{obj}”"
        if hasattr(obj, "public_url"):
            public_url = obj.public_url()
        elif hasattr(obj, "get_absolute_url"):
            public_url = obj.get_absolute_url()
        else:
            public_url = None
        try:
            admin_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            admin_url = None
        return cls(label=label, public_url=public_url, admin_url=admin_url)


@dataclass(frozen=True)
class Check:
    """A rule the registry's data must keep, and the function that finds where it is broken."""

    title: str
    description: str
    find_failures: Callable[[], Iterable[Failure]]


@dataclass(frozen=True)
class CheckResult:
    """A check as the quality page shows it: the rule and its failures (none when it passes)."""

    check: Check
    failures: list[Failure] = field(default_factory=list)


_registered: list[Check] = []


def register_checks(*checks):
    """Add checks to those the registry runs; an app calls this from its AppConfig.ready()."""
    for check in checks:
        if all(known.title != check.title for known in _registered):
            _registered.append(check)


def registered_checks():
    return tuple(_registered)


def check_results():
    """Every registered check with its failures, in the order the apps registered them."""
    results = []
    for check in registered_checks():
        failures = [
            Failure(failure.message, failure.subjects, check.title)
            for failure in check.find_failures()
        ]
        results.append(CheckResult(check, failures))
    return results


def registry_failures():
    """Every failure of every rule."""
    for result in check_results():
        yield from result.failures


def facts_of(model):
    """All objects of a citable model, with the relations their names and pages use, in one query."""
    related = [f.name for f in model._meta.concrete_fields if f.is_relation]
    return model._default_manager.select_related(*related)


def label_of(obj):
    return f"{capfirst(obj._meta.verbose_name)} “{obj}”"


def _models_by_label():
    return {(model._meta.app_label, model._meta.model_name): model for model in citable_models()}


def _subjects_of(citations):
    """The facts the given citations are about, one query per kind: {citation pk: fact}."""
    by_model = defaultdict(set)
    for citation in citations:
        by_model[citation.content_type.model_class()].add(citation.object_id)
    found = {}
    for model, ids in by_model.items():
        if model is not None and model in citable_models():
            found[model] = facts_of(model).in_bulk(ids)
    subjects = {}
    for citation in citations:
        fact = found.get(citation.content_type.model_class(), {}).get(citation.object_id)
        if fact is not None:
            subjects[citation.pk] = fact
    return subjects


def check_quotes():
    # One Source instance per source, so each text is normalised once (Source caches it); each
    # citation as a row of three values, and each pair of source and quote searched once (one
    # sentence often supports several fields): no model instance per citation unless it fails.
    sources = {source.pk: source for source in Source.objects.all()}
    found = {}
    failing_pks = []
    for pk, source_id, quote in Citation.objects.values_list("pk", "source_id", "quote"):
        key = (source_id, quote)
        if key not in found:
            found[key] = sources[source_id].contains_quote(quote)
        if not found[key]:
            failing_pks.append(pk)
    if not failing_pks:
        return
    failing = list(
        Citation.objects.select_related("content_type").filter(pk__in=failing_pks).order_by("pk")
    )
    subjects = _subjects_of(failing)
    for citation in failing:
        source = sources[citation.source_id]
        fact = subjects.get(citation.pk)
        if fact is None:
            about = f"{citation.content_type.model} {citation.object_id}"
        else:
            about = label_of(fact)
        yield Failure(
            f"Citation {citation.pk} ({about}, {citation.field_name}): its quote "
            f"“{citation.quote[:80]}” does not occur in “{source}”.",
            tuple(obj for obj in (fact, citation, source) if obj is not None),
        )


def check_citation_subjects():
    models_by_label = _models_by_label()
    existing = {
        model: set(model._default_manager.values_list("pk", flat=True))
        for model in models_by_label.values()
    }
    field_names = {
        model: {f.name for f in model._meta.get_fields()} for model in models_by_label.values()
    }
    # Rows of values, not instances: only a failing citation is loaded, for its links.
    rows = Citation.objects.values_list(
        "pk", "content_type__app_label", "content_type__model", "object_id", "field_name"
    ).order_by("pk")
    failing = []
    for pk, app_label, model_name, object_id, field_name in rows:
        model = models_by_label.get((app_label, model_name))
        if model is None:
            message = (
                f"Citation {pk} is about a {model_name} {object_id}, "
                "which is not a kind of fact the registry cites."
            )
        elif field_name not in field_names[model]:
            message = (
                f"Citation {pk} is about “{field_name}”, "
                f"which is not a field of {model._meta.verbose_name}."
            )
        elif object_id not in existing[model]:
            message = (
                f"Citation {pk} cites {model._meta.verbose_name} {object_id}, which does not exist."
            )
        else:
            continue
        failing.append((pk, message))
    if not failing:
        return
    citations = Citation.objects.in_bulk([pk for pk, _ in failing])
    for pk, message in failing:
        yield Failure(message, (citations[pk],))


def _is_set(name):
    return f"{name}_is_set"


def _has_value(obj, fact_field):
    if fact_field.many_to_many:
        return getattr(obj, _is_set(fact_field.name))
    value = getattr(obj, fact_field.attname)
    return value is not None and value != ""


def check_fact_fields_cited():
    accepted = set(
        Citation.objects.filter(is_accepted=True).values_list(
            "content_type__app_label", "content_type__model", "object_id", "field_name"
        )
    )
    for model in citable_models():
        meta = model._meta
        fact_fields = [meta.get_field(name) for name in model.fact_fields]
        # Whether a many-to-many fact has any value, asked in the same query as the objects.
        has_related = {
            _is_set(f.name): models.Exists(
                model._default_manager.filter(
                    pk=models.OuterRef("pk"), **{f"{f.name}__isnull": False}
                )
            )
            for f in fact_fields
            if f.many_to_many
        }
        for obj in facts_of(model).annotate(**has_related).order_by("pk"):
            uncited = [
                str(model.fact_label(f.name))
                for f in fact_fields
                if _has_value(obj, f)
                and (meta.app_label, meta.model_name, obj.pk, f.name) not in accepted
            ]
            if uncited:
                yield Failure(
                    f"{label_of(obj)}: no accepted citation for its {', '.join(uncited)}.",
                    (obj,),
                )


def check_archive_digests():
    for source in Source.objects.order_by("slug"):
        if not source.archive_sha256:
            yield Failure(
                f"Source “{source}” has no recorded SHA-256 of its archived text.", (source,)
            )
        elif source.archive_sha256 != source.text_digest():
            yield Failure(
                f"The archived text of source “{source}” has changed since it was recorded: its "
                f"SHA-256 is {source.text_digest()}, the record says {source.archive_sha256}.",
                (source,),
            )


CHECKS = (
    Check(
        "Quotes occur in their sources",
        "Every citation's quote occurs in its source's archived text, ignoring differences of "
        "whitespace, typographic quotes and HTML entities.",
        check_quotes,
    ),
    Check(
        "Citations point at facts",
        "Every citation is about an existing fact of a kind the registry cites, and names one "
        "of its fields.",
        check_citation_subjects,
    ),
    Check(
        "Every fact is cited",
        "Every fact field with a value has at least one accepted citation for that field.",
        check_fact_fields_cited,
    ),
    Check(
        "Archived sources are unchanged",
        "Every source's archived text still has the SHA-256 recorded for it.",
        check_archive_digests,
    ),
)
