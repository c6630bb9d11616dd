"""Writes of cited facts: a fact and the citations that are its evidence, saved or deleted
together, the evidence of a changed value superseded and that of a restored one accepted again."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from ..models import CitedFact
from .evidence import (
    accepted_fields,
    changed_fact_fields,
    check_version,
    evidence_problems,
    has_value,
    kept_fields,
)
from .recording import check_deletable, record


def _day(when):
    return date_format(timezone.localtime(when), "j F Y")


def _validate_citations(fact, citations):
    content_type = ContentType.objects.get_for_model(fact)
    messages = []
    for n, citation in enumerate(citations, start=1):
        citation.content_type = content_type
        citation.object_id = fact.pk or 0
        try:
            citation.full_clean(exclude=["object_id"])
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                messages += [f"Citation {n}, {field}: {message}" for message in field_messages]
    if messages:
        raise ValidationError({"evidence": messages})


def _row_differs(fact, stored):
    return any(
        getattr(fact, field.attname) != getattr(stored, field.attname)
        for field in type(fact)._meta.concrete_fields
    )


def _restore_evidence(fact, field_name, as_of, now, user):
    """Accept again the citations that supported a field at `as_of`, and supersede the rest."""
    then = fact.citations.filter(field_name=field_name).filter(
        Q(added_at__isnull=True) | Q(added_at__lte=as_of),
        Q(is_accepted=True) | Q(superseded_at__gt=as_of),
    )
    restored = list(then)
    if not restored:
        label = type(fact).fact_label(field_name)
        raise ValidationError(
            {field_name: f"The evidence for that version's {label} is no longer in the registry."}
        )
    for citation in restored:
        if not citation.is_accepted:
            citation.is_accepted = True
            citation.superseded_at = None
            citation.note = (
                f"{citation.note} Accepted again on {_day(now)}: its value was restored.".strip()
            )
            record(citation, user, when=now)
            citation.save()
    return {citation.pk for citation in restored}


def _supersede(fact, field_name, keep, now, user):
    for citation in fact.citations.filter(field_name=field_name, is_accepted=True).exclude(
        pk__in=keep
    ):
        citation.is_accepted = False
        citation.superseded_at = now
        citation.note = f"{citation.note} Superseded on {_day(now)}: a new value with new evidence replaced the one this passage states.".strip()
        record(citation, user, when=now)
        citation.save()


@transaction.atomic
def fact_save(
    fact,
    *,
    citations=(),
    changed_citations=(),
    removed_citations=(),
    m2m=None,
    based_on=None,
    restore_as_of=None,
    user=None,
    reason=None,
):
    """Create or change a cited fact together with the citations that are its evidence.

    `citations` are new, unsaved citations of this fact (their subject is set here);
    `changed_citations` and `removed_citations` are existing ones edited or deleted in the same
    write; `m2m` maps many-to-many fact fields to their new objects. `based_on` is the version
    the editor saw (`selectors.edit_version`); `restore_as_of` restores the evidence of a
    version from the history along with its values. Nothing is saved unless every rule holds.
    """
    if not isinstance(fact, CitedFact):
        raise TypeError(f"{type(fact).__name__} is not a cited fact.")
    model = type(fact)
    stored = None
    if fact.pk is not None:
        stored = model._default_manager.select_for_update().filter(pk=fact.pk).first()
        if stored is not None:
            check_version(stored, based_on)
    changed = changed_fact_fields(fact, stored, m2m)
    fact.full_clean()
    citations = list(citations)
    _validate_citations(fact, [*citations, *changed_citations])
    kept = kept_fields(stored, changed_citations, removed_citations, changed)
    had = accepted_fields(stored) if stored else set()
    problems = evidence_problems(
        fact, changed, citations, kept, had, m2m=m2m, restoring=restore_as_of is not None
    )
    if problems:
        raise ValidationError(problems)

    now = timezone.now()
    # Every record of this write carries the same time and editor, so it reads as one change.
    record(fact, user, reason, when=now)
    if stored is None or _row_differs(fact, stored):
        # Saving a page whose fact is unchanged (only its citations changed) records no version.
        fact.save()
    for name, objects in (m2m or {}).items():
        getattr(fact, name).set(objects)
    for citation in removed_citations:
        record(citation, user, when=now)
        citation.delete()
    for citation in changed_citations:
        record(citation, user, when=now)
        citation.save()
    for name in changed:
        keep = set()
        if restore_as_of is not None and has_value(fact, name, m2m):
            keep = _restore_evidence(fact, name, restore_as_of, now, user)
        _supersede(fact, name, keep, now, user)
    for citation in citations:
        citation.object_id = fact.pk
        citation.added_at = now
        record(citation, user, when=now)
        citation.save()
    # What the rows above promised, checked on what was written (a race would show here).
    after = accepted_fields(fact)
    lost = [
        name
        for name in {*changed, *had}
        if has_value(fact, name, m2m) and name in fact.fact_fields and name not in after
    ]
    if lost:
        raise ValidationError(
            {name: f"The {model.fact_label(name)} would be left without evidence." for name in lost}
        )
    return fact


@transaction.atomic
def fact_delete(fact, *, user=None):
    """Delete a fact with its own citations (the history keeps both), unless others refer to it."""
    check_deletable(fact)
    for citation in fact.citations.all():
        record(citation, user)
    record(fact, user)
    fact.delete()
