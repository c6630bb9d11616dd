"""The evidence rules: which fact fields a write changes, and which it would leave without an
accepted citation."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from ..selectors import edit_version, latest_version


def has_value(fact, field_name, m2m=None):
    """Whether a fact field states something; empty is “not stated” and needs no quote."""
    field = type(fact)._meta.get_field(field_name)
    if field.many_to_many:
        if m2m is not None and field_name in m2m:
            return bool(list(m2m[field_name]))
        return bool(fact.pk) and getattr(fact, field_name).exists()
    value = getattr(fact, field.attname)
    return value is not None and value != ""


def changed_fact_fields(fact, stored, m2m=None):
    """The fact fields whose value this write sets or changes (all with a value, for a new fact)."""
    changed = []
    for name in fact.fact_fields:
        field = type(fact)._meta.get_field(name)
        if field.many_to_many:
            if m2m is None or name not in m2m:
                continue
            new = {obj.pk for obj in m2m[name]}
            old = {obj.pk for obj in getattr(stored, name).all()} if stored else set()
        else:
            new = getattr(fact, field.attname)
            old = getattr(stored, field.attname) if stored else None
            if stored is None and (new is None or new == ""):
                continue
        if stored is None or new != old:
            changed.append(name)
    # Fields that read as one (a budget's amount and qualifier) change as one: each needs new
    # evidence, so the old passage is not left supporting half of the new value.
    together = getattr(fact, "read_as_one", ())
    if set(changed) & set(together):
        changed += [name for name in together if name not in changed]
    return changed


def evidence_problems(
    fact, changed, new_citations, kept_fields, had_fields, m2m=None, restoring=False
):
    """{field: message} for each fact field this write would leave without evidence.

    `changed` are the fields whose value this write sets (every field with a value, for a new
    fact); each needs a new accepted citation among `new_citations`, unless the write restores
    an earlier version, whose evidence comes back with it. `had_fields` had an accepted citation
    before this write and `kept_fields` still have one after it: a field may not lose its
    evidence. (A gap older than this write is the quality page's business, not this write's.)
    """
    problems = {}
    for name in fact.fact_fields:
        if not has_value(fact, name, m2m):
            continue
        label = type(fact).fact_label(name)
        cited_now = any(c.field_name == name and c.is_accepted for c in new_citations)
        if name in changed:
            if not cited_now and not restoring:
                problems[name] = (
                    f"A new {label} needs new evidence: add an accepted citation for "
                    f"“{label}” quoting the passage that states it."
                )
        elif name in had_fields and name not in kept_fields and not cited_now:
            problems[name] = (
                f"The {label} would be left without evidence: keep or add an accepted "
                f"citation for “{label}”."
            )
    return problems


def accepted_fields(fact):
    """The fields of a stored fact that have an accepted citation."""
    if fact.pk is None:
        return set()
    return set(fact.citations.filter(is_accepted=True).values_list("field_name", flat=True))


def check_version(stored, based_on):
    """Refuse a write based on a version older than the stored one, saying who changed it."""
    if based_on is None or edit_version(stored) == based_on:
        return
    record = latest_version(stored)
    who = getattr(record, "history_user", None)
    name = (who.get_full_name() or who.get_username()) if who else "another editor"
    when = date_format(timezone.localtime(record.history_date), "j F Y, H:i")
    raise ValidationError(
        f"This {stored._meta.verbose_name} was changed by {name} at {when} since you opened "
        "this form; nothing was saved. Open it again to see that change, then redo yours."
    )


def kept_fields(stored, changed_citations, removed_citations, changed):
    """The unchanged fields that keep an accepted citation after this write's edits."""
    if stored is None:
        return set()
    edited = {citation.pk: citation for citation in changed_citations}
    removed = {citation.pk for citation in removed_citations}
    current = [edited.get(c.pk, c) for c in stored.citations.all() if c.pk not in removed]
    return {c.field_name for c in current if c.is_accepted and c.field_name not in changed}
