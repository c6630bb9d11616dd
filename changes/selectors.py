"""Read queries for the public list of changes: recent versions across the registry, in words.

The page runs a fixed number of queries whatever the number of changes: one per tracked model
for its latest versions, one per model for the versions before them, one per kind of related
object named in them, one per kind of fact cited in them, and one for the citations behind the
changed fields.

Each version is told in its model's own words (`CitedFact.part_label`, `change_phrase`,
`read_as_one`): this module knows no kind of fact by name.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils.text import Truncator, capfirst

from sources.models import Citation, CitedFact, recorded_models

from .history import BASELINE_REASON

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


def _latest_versions(limit):
    records = []
    for model in recorded_models():
        records += (
            model.history.exclude(history_change_reason=BASELINE_REASON)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
    # One write dates all its rows alike: its change of a fact reads first, then its evidence.
    records.sort(
        key=lambda record: (record.history_date, issubclass(record.instance_type, CitedFact)),
        reverse=True,
    )
    return records[:limit]


def _previous_versions(records):
    """Each changed record's previous version, in one query per model."""
    by_model = defaultdict(list)
    for record in records:
        if record.history_type == "~":
            by_model[record.instance_type].append(record)
    previous = {}
    for model, changed in by_model.items():
        versions = defaultdict(list)
        for version in model.history.filter(id__in={r.id for r in changed}).order_by(
            "history_date", "history_id"
        ):
            versions[version.id].append(version)
        for record in changed:
            earlier = [
                v
                for v in versions[record.id]
                if (v.history_date, v.history_id) < (record.history_date, record.history_id)
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


def recent_changes(limit=50):
    """The latest changes to the registry, newest first, each said in plain words."""
    records = _latest_versions(limit)
    previous = _previous_versions(records)
    names, subjects = _fetch_names(records, previous)

    told = []
    changed_fields = {}
    for record in records:
        key = (record.instance_type, record.history_id)
        version = _version(record, names)
        owner, url, part = _owner(version, subjects)
        before = previous.get(key)
        turn = _turn_of_evidence(before, record) if before is not None else None
        if record.history_type != "~":
            subject, rest = _added_or_removed(
                version, owner, part, added=record.history_type == "+"
            )
        elif turn is not None:
            subject, rest = owner, _cited(version, part, turn, kind="citation")
        else:
            if before is None:
                phrases = ["changed"]
            else:
                changed_fields[key], phrases = _changed(before, record, names)
                if not phrases:  # saved without a difference: nothing a reader would see
                    continue
            subject = owner
            rest = ": " + "; ".join(f"{part} {phrase}" if part else phrase for phrase in phrases)
        told.append((record, url, subject, rest))

    content_types = ContentType.objects.get_for_models(*recorded_models())
    citing = _citing(records, changed_fields, content_types)
    changes = []
    for record, url, subject, rest in told:
        reason = record.history_change_reason or ""
        citation = citing.get((record.instance_type, record.history_id))
        # A revert restores an older value, which the newest citation may not support.
        if citation is not None and not reason.startswith(REVERT_REASON):
            rest += f", citing {citation.source} ({_quoted(citation.quote, 160)})"
        user = record.history_user
        changes.append(
            Change(
                anchor=f"{record.instance_type._meta.model_name}-{record.history_id}",
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "the registry",
                subject=subject,
                rest=rest,
                reason=reason,
                url=url,
            )
        )
    return changes
