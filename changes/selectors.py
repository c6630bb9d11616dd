"""Read queries for the public list of changes: recent versions across the registry, in words.

The page runs a fixed number of queries whatever the number of changes: one per tracked model
for its latest versions, one per model for the versions before them, one per many-to-many fact
field for the objects each version names, one per kind of related object named in them, one per
kind of fact cited in them, and one for the citations behind the changed fields.

An edit saved in one form is one write, which dates every record it makes alike (see
`sources.services.fact_save`): its records are told as one change, with one reason.

Each version is told in its model's own words (`CitedFact.part_label`, `change_phrase`,
`read_as_one`): this module knows no kind of fact by name.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils.text import Truncator, capfirst

from sources.models import Citation, CitedFact, citable_models, recorded_models

from .history import BASELINE_REASON
from .models import public_name

REVERT_REASON = "Reverted to the version of "


@dataclass
class Change:
    """One recorded version of one object, told as a sentence: `subject` then `rest`."""

    anchor: str
    when: datetime
    who: str
    subject: str
    rest: str
    reason: str
    url: str | None
    # The passage of the source that states the new value (or that the changed citation
    # quotes): one click from a number on this page to where it is stated.
    passage_url: str | None = None

    @property
    def sentence(self):
        return f"{self.subject}{self.rest}"


class _Names:
    """Objects fetched in bulk by model and primary key, for naming foreign keys."""

    def __init__(self):
        self.objects = defaultdict(dict)

    def fetch(self, model, pks):
        pks = {pk for pk in pks if pk is not None} - set(self.objects[model])
        if pks:
            self.objects[model].update(model._default_manager.in_bulk(pks))

    def get(self, model, pk):
        return self.objects[model].get(pk)


def _foreign_keys(model):
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def _version(record, names):
    """The object as this version of it stood, with the objects it names attached.

    A named object removed since is left out, so that reading it raises ObjectDoesNotExist
    rather than running a query for each change.
    """
    obj = record.instance
    for field in _foreign_keys(type(obj)):
        related = names.get(field.related_model, getattr(obj, field.attname))
        if related is not None:
            setattr(obj, field.name, related)
        else:
            setattr(obj, field.attname, None)
    return obj


def _named(obj, field_name):
    """The object a foreign key names, in words: “Sweden”, or “a removed country”."""
    try:
        return str(getattr(obj, field_name))
    except ObjectDoesNotExist:
        related = type(obj)._meta.get_field(field_name).related_model
        return f"a removed {related._meta.verbose_name}"


def _url(obj):
    """The public page that shows the object, if it has one."""
    try:
        if isinstance(obj, CitedFact):
            return obj.public_url()
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    except (NoReverseMatch, ObjectDoesNotExist):  # no page, or it names a removed object
        return None


def _quoted(text, length=120):
    return f"“{Truncator(text).chars(length)}”"


def _label(model, field_name):
    """A field's name as a reader says it: “amount” rather than “amount eur million”."""
    try:
        if issubclass(model, CitedFact):
            return str(model.fact_label(field_name))
        return str(model._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:  # a citation may name a field the model no longer has
        return field_name.replace("_", " ")


def _field(model, attname):
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def _value(model, attname, value, names):
    """A stored value as a reader would say it."""
    field = _field(model, attname)
    if value is None or value == "":
        return "nothing"
    if field.is_relation:
        related = names.get(field.related_model, value)
        return (
            str(related)
            if related is not None
            else f"a removed {field.related_model._meta.verbose_name}"
        )
    if field.choices:  # a country code among them: its field's choices give the country's name
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, str):
        return _quoted(value)
    return str(value)


def _values(record):
    return {f.attname: getattr(record, f.attname) for f in type(record).tracked_fields}


def _m2m_fields(model):
    """The many-to-many fields whose objects each version records (the model's
    `_history_m2m_fields`): the historical model has a manager of their rows for each."""
    return [f for f in model._meta.many_to_many if hasattr(model.history.model, f.name)]


def _m2m_values(records):
    """{(model, history_id): {field name: sorted names}} for the versions' many-to-many fields,
    one query per field."""
    values = defaultdict(dict)
    by_model = defaultdict(list)
    for record in records:
        by_model[record.instance_type].append(record)
    for model, versions in by_model.items():
        for field in _m2m_fields(model):
            rows = getattr(model.history.model, field.name).model.objects
            target = field.m2m_reverse_field_name()
            named = defaultdict(list)
            for row in rows.filter(history__in=[v.history_id for v in versions]).select_related(
                target
            ):
                named[row.history_id].append(str(getattr(row, target)))
            for version in versions:
                values[(model, version.history_id)][field.name] = sorted(named[version.history_id])
    return values


def _m2m_changed(model, before, after):
    """Each many-to-many fact field's difference in words: “Denmark added to interested countries”."""
    phrases = []
    for name, now in after.items():
        was = before.get(name, [])
        label = _label(model, name)
        added = [n for n in now if n not in was]
        removed = [n for n in was if n not in now]
        if added:
            phrases.append(f"{', '.join(added)} added to {label}")
        if removed:
            phrases.append(f"{', '.join(removed)} removed from {label}")
    return phrases


def _part_label(fact):
    try:
        return fact.part_label()
    except ObjectDoesNotExist:  # its words name an object removed since: its kind will do
        return str(fact._meta.verbose_name)


def _change_phrase(fact, added):
    try:
        return fact.change_phrase(added)
    except ObjectDoesNotExist:  # its words name an object removed since: its kind will do
        return f"{fact._meta.verbose_name} {'added' if added else 'removed'}"


def _owner(obj, subjects):
    """Whose change it is, its page, and which part of it: (“LUMI AI Factory”, url, “budget”)."""
    if isinstance(obj, Citation):
        subject_model = obj.content_type.model_class()
        field_label = _label(subject_model, obj.field_name)
        subject = subjects.get((subject_model, obj.object_id))
        if subject is None:
            return f"A removed {subject_model._meta.verbose_name}", None, field_label
        owner, url, part = _owner(subject, subjects)
        return owner, url, f"{part} {field_label}" if part else field_label
    part_of = getattr(type(obj), "factory_part_of", None)
    if part_of is None:
        return str(obj), _url(obj), None
    return capfirst(_named(obj, part_of)), _url(obj), _part_label(obj)


def _cited(citation, part, what, kind=None):
    """“: citation for budget amount from <source> added: “quote””."""
    kind = kind or ("citation" if citation.is_accepted else "differing version")
    source = _named(citation, "source")
    return f": {kind} for {part} from {source} {what}: {_quoted(citation.quote, 160)}"


def _turn_of_evidence(earlier, later):
    """What a version of a citation did to its standing, if that is what it did, else None.

    A new value with new evidence supersedes the accepted citations of the old one; restoring
    an old value accepts its citations again. Told as such, not as the fields this touches.
    """
    if later.instance_type is not Citation:
        return None
    if earlier.superseded_at is None and later.superseded_at is not None:
        return "superseded by new evidence"
    if earlier.superseded_at is not None and later.superseded_at is None and later.is_accepted:
        return "accepted again"
    return None


def _added_or_removed(obj, owner, part, added):
    """(“LUMI AI Factory”, “: Sweden joined the consortium as member”), (“Source “X””, “ added”)."""
    verb = "added" if added else "removed"
    if isinstance(obj, Citation):
        return owner, _cited(obj, part, verb)
    if part:
        return owner, f": {_change_phrase(obj, added)}"
    return f"{capfirst(obj._meta.verbose_name)} “{owner}”", f" {verb}"


def _changed(earlier, later, names):
    """The names of the fields that differ between two versions, and each difference in words.

    Fields the model reads as one (a budget's amount and qualifier) are told as one change of
    the whole: “changed from at least €556 million to €600 million”.
    """
    model = later.instance_type
    before, after = _values(earlier), _values(later)
    changed = [a for a in after if a != "id" and before.get(a) != after.get(a)]
    as_one = {model._meta.get_field(name).attname for name in getattr(model, "read_as_one", ())}
    phrases = []
    if as_one & set(changed):
        was, now = _version(earlier, names), _version(later, names)
        phrases.append(f"changed from {was.value_read_as_one()} to {now.value_read_as_one()}")
    for attname in changed:
        if attname in as_one:
            continue
        label = _label(model, _field(model, attname).name)
        phrases.append(
            f"{label} changed from {_value(model, attname, before[attname], names)}"
            f" to {_value(model, attname, after[attname], names)}"
        )
    return [_field(model, a).name for a in changed], phrases


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


def _latest_versions(limit):
    return _newest_first([model.history.all() for model in recorded_models()], limit)


def _factory_versions(factory, limit):
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


def _writes(records):
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


def _previous_versions(records, merged):
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


def _fetch_names(records, previous):
    """Every object the sentences name, one query per kind."""
    names = _Names()
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
        related = [f.name for f in _foreign_keys(model)]
        for subject in model._default_manager.filter(pk__in=pks).select_related(*related):
            subjects[(model, subject.pk)] = subject
    return names, subjects


def _accepted_at(citation, when):
    """Whether the citation was accepted evidence at `when`; a loaded one, from the start."""
    return (citation.added_at is None or citation.added_at <= when) and (
        citation.superseded_at is None or citation.superseded_at > when
    )


def _citing(records, changed_fields, content_types):
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


def _told(records):
    """The records, newest first, told as changes: one change for each write."""
    writes, merged = _writes(records)
    records = [record for write in writes for record in write]
    previous = _previous_versions(records, merged)
    names, subjects = _fetch_names(records, previous)
    m2m = _m2m_values([*records, *(p for p in previous.values() if p is not None)])

    told = []
    changed_fields = {}
    for number, write in enumerate(writes):
        for record in write:
            key = (record.instance_type, record.history_id)
            kind = merged[key][1]
            version = _version(record, names)
            owner, url, part = _owner(version, subjects)
            before = previous.get(key)
            turn = _turn_of_evidence(before, record) if before is not None else None
            if kind != "~":
                subject, rest = _added_or_removed(version, owner, part, added=kind == "+")
            elif turn is not None:
                subject, rest = owner, _cited(version, part, turn, kind="citation")
            else:
                if before is None:
                    phrases = ["changed"]
                else:
                    changed_fields[key], phrases = _changed(before, record, names)
                    phrases += _m2m_changed(
                        record.instance_type,
                        m2m.get((record.instance_type, before.history_id), {}),
                        m2m.get(key, {}),
                    )
                    if not phrases:  # saved without a difference: nothing a reader would see
                        continue
                subject = owner
                rest = ": " + "; ".join(
                    f"{part} {phrase}" if part else phrase for phrase in phrases
                )
            passage = _passage_url(version) if record.instance_type is Citation else None
            told.append((number, record, url, subject, rest, passage))

    content_types = ContentType.objects.get_for_models(*recorded_models())
    citing = _citing(records, changed_fields, content_types)
    # A citation a change already names (“…, citing <source> (“quote”)”) is not told again.
    named = {
        (number, c.pk)
        for number, r, *_ in told
        if (c := citing.get((r.instance_type, r.history_id)))
    }
    parts = defaultdict(list)
    for number, record, url, subject, rest, passage in told:
        told_already = record.instance_type is Citation and (number, record.id) in named
        if told_already and merged[(Citation, record.history_id)][1] == "+":
            continue
        reason = record.history_change_reason or ""
        citation = citing.get((record.instance_type, record.history_id))
        # A revert restores an older value, which the newest citation may not support.
        if citation is not None and not reason.startswith(REVERT_REASON):
            rest += f", citing {citation.source} ({_quoted(citation.quote, 160)})"
            passage = citation.passage_url()
        parts[number].append(
            Change(
                anchor=f"{record.instance_type._meta.model_name}-{record.history_id}",
                when=record.history_date,
                who=public_name(record.history_user),
                subject=subject,
                rest=rest,
                reason=reason,
                url=url,
                passage_url=passage,
            )
        )
    return [_one_change(parts[number]) for number in sorted(parts)]


def _one_change(parts):
    """A write's changes as one: the first (its change of a fact) then the rest, one reason."""
    first = parts[0]
    rest = first.rest
    for part in parts[1:]:
        if part.subject == first.subject and part.rest.startswith(": "):
            rest += f"; {part.rest[2:]}"
        else:
            rest += f"; {part.sentence}"
    reason = next((part.reason for part in parts if part.reason), "")
    passage = next((part.passage_url for part in parts if part.passage_url), None)
    return replace(first, rest=rest, reason=reason, passage_url=passage)


def _passage_url(citation):
    """The passage a version of a citation quotes, or None if its source is gone (`_version`
    leaves a removed object out)."""
    return citation.passage_url() if citation.source_id is not None else None


def recent_changes(limit=50):
    """The latest changes to the registry, newest first, each said in plain words."""
    return _told(_latest_versions(limit))


def factory_changes(factory, limit=500):
    """Every change to an AI Factory and its parts (site, members, budgets, names, systems…)
    and to their citations, newest first, in the words of `recent_changes`."""
    return _told(_factory_versions(factory, limit))
