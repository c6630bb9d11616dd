"""The parts of a change in words: a version's values, what it names, whose part it is.

Each version is told in its model's own words (`CitedFact.part_label`, `change_phrase`,
`read_as_one`): this module knows no kind of fact by name.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.urls import NoReverseMatch
from django.utils.text import Truncator, capfirst

from sources.models import Citation, CitedFact


class Names:
    """Objects fetched in bulk by model and primary key, for naming foreign keys."""

    def __init__(self):
        self.objects = defaultdict(dict)

    def fetch(self, model, pks):
        pks = {pk for pk in pks if pk is not None} - set(self.objects[model])
        if pks:
            self.objects[model].update(model._default_manager.in_bulk(pks))

    def get(self, model, pk):
        return self.objects[model].get(pk)


def foreign_keys(model):
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def as_stood(record, names):
    """The object as this version of it stood, with the objects it names attached.

    A named object removed since is left out, so that reading it raises ObjectDoesNotExist
    rather than running a query for each change.
    """
    obj = record.instance
    for field in foreign_keys(type(obj)):
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


def quoted(text, length=120):
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
        return quoted(value)
    return str(value)


def _values(record):
    return {f.attname: getattr(record, f.attname) for f in type(record).tracked_fields}


def _m2m_fields(model):
    """The many-to-many fields whose objects each version records (the model's
    `_history_m2m_fields`): the historical model has a manager of their rows for each."""
    return [f for f in model._meta.many_to_many if hasattr(model.history.model, f.name)]


def m2m_values(records):
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


def m2m_differences(model, before, after):
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


def whose(obj, subjects):
    """Whose change it is, its page, and which part of it: (“LUMI AI Factory”, url, “budget”)."""
    if isinstance(obj, Citation):
        subject_model = obj.content_type.model_class()
        field_label = _label(subject_model, obj.field_name)
        subject = subjects.get((subject_model, obj.object_id))
        if subject is None:
            return f"A removed {subject_model._meta.verbose_name}", None, field_label
        owner, url, part = whose(subject, subjects)
        return owner, url, f"{part} {field_label}" if part else field_label
    part_of = getattr(type(obj), "factory_part_of", None)
    if part_of is None:
        return str(obj), _url(obj), None
    return capfirst(_named(obj, part_of)), _url(obj), _part_label(obj)


def cited(citation, part, what, kind=None):
    """“: citation for budget amount from <source> added: “quote””."""
    kind = kind or ("citation" if citation.is_accepted else "differing version")
    source = _named(citation, "source")
    return f": {kind} for {part} from {source} {what}: {quoted(citation.quote, 160)}"


def turn_of_evidence(earlier, later):
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


def added_or_removed(obj, owner, part, added):
    """(“LUMI AI Factory”, “: Sweden joined the consortium as member”), (“Source “X””, “ added”)."""
    verb = "added" if added else "removed"
    if isinstance(obj, Citation):
        return owner, cited(obj, part, verb)
    if part:
        return owner, f": {_change_phrase(obj, added)}"
    return f"{capfirst(obj._meta.verbose_name)} “{owner}”", f" {verb}"


def differences(earlier, later, names):
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
        was, now = as_stood(earlier, names), as_stood(later, names)
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
