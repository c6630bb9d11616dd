"""Read queries for the public list of changes: recent versions across the registry, in words.

The page runs a fixed number of queries whatever the number of changes: one per tracked model
for its latest versions, one per model for the versions before them, one per kind of related
object named in them, and one for the citations behind the changed fields.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils.text import Truncator
from django_countries import countries

from consortia.models import Membership, Partnership
from factories.models import AIFactory, FactoryName, FactorySystem, HostSite
from funding.models import Budget
from sources.models import Citation, recorded_models

from .history import BASELINE_REASON

# The facts that belong to one AI Factory: their changes are told as changes to that factory.
FACTORY_PARTS = (Budget, Membership, Partnership, FactoryName, HostSite, FactorySystem)
# The foreign keys a sentence names, resolved in one query per related model.
NAMED_RELATIONS = ("factory", "country", "organisation", "supercomputer", "source")


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


def _url(obj):
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    except NoReverseMatch:  # the public page for this kind of object may not exist
        return None


def _quoted(text, length=120):
    return f"“{Truncator(text).chars(length)}”"


def _label(model, field_name):
    """A field's name as a reader says it: “amount” rather than “amount eur million”."""
    if field_name == "amount_eur_million":
        return "amount"
    try:
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
    if field.name == "code" and model._meta.label == "consortia.Country":
        return countries.name(value) or value
    if field.choices:
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


def _budget_amount(values):
    return Budget(
        amount_eur_million=values["amount_eur_million"], qualifier=values["qualifier"]
    ).display_amount


def _values(record):
    return {f.attname: getattr(record, f.attname) for f in type(record).tracked_fields}


def _owner(model, values, names, subjects):
    """Whose change it is, its page, and which part of it: (“LUMI AI Factory”, url, “budget”)."""
    if model is Citation:
        subject_model = names.get(ContentType, values["content_type_id"]).model_class()
        subject = subjects.get((subject_model, values["object_id"]))
        if subject is None:
            return f"A removed {subject_model._meta.verbose_name}", None, values["field_name"]
        owner, url, part = _owner(subject_model, _values_of(subject), names, subjects)
        field_label = _label(subject_model, values["field_name"])
        return owner, url, f"{part} {field_label}" if part else field_label
    if model in FACTORY_PARTS:
        factory = names.get(AIFactory, values["factory_id"])
        owner = factory.name if factory else "A removed AI Factory"
        url = _url(factory) if factory else None
        if model is Budget:
            part = (
                "budget"
                if values["label"] == "Total budget"
                else f"budget line “{values['label']}”"
            )
        elif model is Membership:
            part = f"{names.get(model._meta.get_field('country').related_model, values['country_id'])}’s membership"
        elif model is Partnership:
            organisation = names.get(
                model._meta.get_field("organisation").related_model, values["organisation_id"]
            )
            part = f"partnership with {organisation}"
        elif model is FactoryName:
            part = f"other name “{values['name']}”"
        elif model is HostSite:
            part = "host site"
        else:
            part = f"link to {names.get(model._meta.get_field('supercomputer').related_model, values['supercomputer_id'])}"
        return owner, url, part
    instance = model(**values)
    return str(instance), _url(instance), None


def _values_of(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def _added_or_removed(model, values, owner, part, names, added):
    """(“LUMI AI Factory”, “: Sweden joined the consortium as member”), (“Source “X””, “ added”)."""
    verb = "added" if added else "removed"
    if model is Membership:
        country = names.get(model._meta.get_field("country").related_model, values["country_id"])
        role = dict(Membership.Role.choices)[values["role"]].lower()
        joined = "joined the consortium" if added else "left the consortium"
        return owner, f": {country} {joined} as {role}"
    if model is Budget:
        return owner, f": {part} of {_budget_amount(values)} {verb}"
    if model is Partnership:
        organisation = names.get(
            model._meta.get_field("organisation").related_model, values["organisation_id"]
        )
        role = dict(Partnership.Role.choices)[values["role"]].lower()
        return owner, f": {organisation} {verb} as {role}"
    if model is HostSite:
        return owner, f": host site in {values['city']} {verb}"
    if model is Citation:
        source = names.get(model._meta.get_field("source").related_model, values["source_id"])
        kind = "citation" if values["is_accepted"] else "differing version"
        return owner, f": {kind} for {part} from {source} {verb}: {_quoted(values['quote'], 160)}"
    if part:
        return owner, f": {part} {verb}"
    return f"{model._meta.verbose_name.capitalize()} “{owner}”", f" {verb}"


def _changed(model, before, after, names):
    """The names of the fields that differ, and each difference in words; budget amounts as one."""
    changed = [a for a in after if a != "id" and before.get(a) != after.get(a)]
    phrases = []
    rest = changed
    if model is Budget and {"amount_eur_million", "qualifier"} & set(changed):
        phrases.append(f"changed from {_budget_amount(before)} to {_budget_amount(after)}")
        rest = [a for a in changed if a not in {"amount_eur_million", "qualifier"}]
    for attname in rest:
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
    records.sort(key=lambda record: record.history_date, reverse=True)
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
        related = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.name in NAMED_RELATIONS
        ]
        for subject in model._default_manager.filter(pk__in=pks).select_related(*related):
            subjects[(model, subject.pk)] = subject
            for name in related:
                related_obj = getattr(subject, name)
                names.objects[type(related_obj)].setdefault(related_obj.pk, related_obj)
    return names, subjects


def _citing(records, changed_fields, content_types):
    """The newest accepted citation behind each record's changed fields, in one query."""
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
        Citation.objects.filter(wanted, is_accepted=True).select_related("source").order_by("-pk")
    ):
        found[(citation.content_type_id, citation.object_id)].append(citation)
    citing = {}
    for record in records:
        key = (record.instance_type, record.history_id)
        fields = changed_fields.get(key, ())
        candidates = found[(content_types[record.instance_type].pk, record.id)]
        citation = next((c for c in candidates if c.field_name in fields), None)
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
        model = record.instance_type
        after = _values(record)
        owner, url, part = _owner(model, after, names, subjects)
        if record.history_type == "~":
            before = previous.get((model, record.history_id))
            if before is None:
                phrases = ["changed"]
            else:
                changed_fields[(model, record.history_id)], phrases = _changed(
                    model, _values(before), after, names
                )
                if not phrases:  # saved without a difference: nothing a reader would see
                    continue
            subject = owner
            rest = ": " + "; ".join(f"{part} {phrase}" if part else phrase for phrase in phrases)
        else:
            subject, rest = _added_or_removed(
                model, after, owner, part, names, added=record.history_type == "+"
            )
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
