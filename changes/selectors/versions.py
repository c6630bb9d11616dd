"""The versions a list of changes tells, and what telling them needs, in a fixed number of
queries: the latest versions, the versions before them, the objects they name and the citations
behind their changed fields.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from sources.models import Citation, CitedFact, citable_models, recorded_models

from ..history import BASELINE_REASON
from . import words


def _newest_first(histories, limit):
    """The newest `limit` versions among the histories (one query each), baselines left out."""
    records = []
    for history in histories:
        records += (
            history.exclude(history_change_reason=BASELINE_REASON)
            .select_related("history_user__editor_profile")
            .order_by("-history_date", "-history_id")[:limit]
        )
    # One write dates all its rows alike: its change of a fact reads first, then its evidence.
    records.sort(
        key=lambda record: (record.history_date, issubclass(record.instance_type, CitedFact)),
        reverse=True,
    )
    return records[:limit]


def latest(limit):
    return _newest_first([model.history.all() for model in recorded_models()], limit)


def of_factory(factory, limit):
    """The versions of a factory, of its parts (each model's `factory_part_of` naming the
    factory's model) and of the citations whose subject is one of them."""
    factory_model = type(factory)
    content_types = ContentType.objects.get_for_models(factory_model, *citable_models())
    histories = [factory_model.history.filter(**{factory_model._meta.pk.attname: factory.pk})]
    subjects = Q(content_type=content_types[factory_model], object_id=factory.pk)
    for model in citable_models():
        part_of = model.factory_part_of
        if part_of is None or model._meta.get_field(part_of).related_model is not factory_model:
            continue
        versions = model.history.filter(**{model._meta.get_field(part_of).attname: factory.pk})
        histories.append(versions)
        subjects |= Q(
            content_type=content_types[model],
            object_id__in=versions.values(model._meta.pk.attname),
        )
    histories.append(Citation.history.filter(subjects))
    return _newest_first(histories, limit)


def as_writes(records):
    """The records, newest first, as writes: runs of one date and one editor.

    Within a write, the records of one object (a many-to-many field's removals, then its
    additions) are told as one, its newest: returns the writes, each a list of its objects'
    newest records, and {(model, newest history_id): (the object's earliest record in the
    write, the write's type for it: “+” if it added the object, else the newest's type)}.
    """
    runs = []
    for record in records:
        key = (record.history_date, record.history_user_id)
        if runs and runs[-1][0] == key:
            runs[-1][1].append(record)
        else:
            runs.append((key, [record]))
    writes, merged = [], {}
    for _, run in runs:
        by_object = defaultdict(list)
        for record in run:  # newest first
            by_object[(record.instance_type, record.id)].append(record)
        for versions in by_object.values():
            newest, earliest = versions[0], versions[-1]
            added = any(v.history_type == "+" for v in versions) and newest.history_type != "-"
            merged[(newest.instance_type, newest.history_id)] = (
                earliest,
                "+" if added else newest.history_type,
            )
        writes.append([versions[0] for versions in by_object.values()])
    return writes, merged


def previous_versions(records, merged):
    """Each changed record's version before its write, in one query per model."""
    by_model = defaultdict(list)
    for record in records:
        if merged[(record.instance_type, record.history_id)][1] == "~":
            by_model[record.instance_type].append(record)
    previous = {}
    for model, changed in by_model.items():
        versions = defaultdict(list)
        for version in model.history.filter(id__in={r.id for r in changed}).order_by(
            "history_date", "history_id"
        ):
            versions[version.id].append(version)
        for record in changed:
            first, _ = merged[(model, record.history_id)]
            earlier = [
                v
                for v in versions[record.id]
                if (v.history_date, v.history_id) < (first.history_date, first.history_id)
            ]
            previous[(model, record.history_id)] = earlier[-1] if earlier else None
    return previous


def fetch_names(records, previous):
    """Every object the sentences name, one query per kind."""
    names = words.Names()
    wanted = defaultdict(set)
    for record in [*records, *(p for p in previous.values() if p is not None)]:
        for field in type(record).tracked_fields:
            if field.is_relation:
                wanted[field.related_model].add(getattr(record, field.attname))
    # Content types first: a citation's subject is fetched through them.
    names.fetch(ContentType, wanted.pop(ContentType, set()))
    for model, pks in wanted.items():
        names.fetch(model, pks)
    subject_pks = defaultdict(set)
    for record in records:
        if record.instance_type is Citation:
            subject_model = names.get(ContentType, record.content_type_id).model_class()
            subject_pks[subject_model].add(record.object_id)
    subjects = {}
    for model, pks in subject_pks.items():
        related = [f.name for f in words.foreign_keys(model)]
        for subject in model._default_manager.filter(pk__in=pks).select_related(*related):
            subjects[(model, subject.pk)] = subject
    return names, subjects


def _accepted_at(citation, when):
    """Whether the citation was accepted evidence at `when`; a loaded one, from the start."""
    return (citation.added_at is None or citation.added_at <= when) and (
        citation.superseded_at is None or citation.superseded_at > when
    )


def citations_behind(records, changed_fields, content_types):
    """The newest citation accepted behind each record's changed fields then, in one query.

    Then, not now: a later value's new evidence supersedes the citations of this one.
    """
    wanted = Q()
    for record in records:
        fields = changed_fields.get((record.instance_type, record.history_id))
        if fields:
            content_type = content_types[record.instance_type]
            wanted |= Q(content_type=content_type, object_id=record.id, field_name__in=fields)
    if not wanted:
        return {}
    found = defaultdict(list)
    for citation in (
        Citation.objects.filter(wanted)
        .filter(Q(is_accepted=True) | Q(superseded_at__isnull=False))  # no differing version
        .select_related("source")
        .order_by("-pk")
    ):
        found[(citation.content_type_id, citation.object_id)].append(citation)
    citing = {}
    for record in records:
        key = (record.instance_type, record.history_id)
        fields = changed_fields.get(key, ())
        candidates = found[(content_types[record.instance_type].pk, record.id)]
        citation = next(
            (
                c
                for c in candidates
                if c.field_name in fields and _accepted_at(c, record.history_date)
            ),
            None,
        )
        if citation is not None:
            citing[key] = citation
    return citing
