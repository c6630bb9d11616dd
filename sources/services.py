"""Every write to the registry: cited facts with their evidence, citations and sources.

The admin (save, inline save, delete, bulk delete, revert) and the API call these functions
and nothing else, so the evidence rules hold on every path:

- no fact without evidence: each fact field with a value has an accepted citation;
- a changed value needs new evidence in the same write; the citations of the old value are
  kept, no longer accepted, marked as superseded;
- a quote is verbatim (`Source.contains_quote`);
- an archive is immutable once cited;
- no lost update: a write may state the version it was based on, and is refused if the
  object has changed since.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError, Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.formats import date_format

from .models import Citation, CitedFact, Source
from .selectors import edit_version, latest_version

# The change reason of a revert from the history; the list of changes tells it apart.
REVERT_REASON = "Reverted to the version of "


def _count_by_kind(objects):
    counts = {}
    for obj in objects:
        meta = obj._meta
        counts[meta] = counts.get(meta, 0) + 1
    return ", ".join(
        f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"
        for meta, n in sorted(counts.items(), key=lambda item: item[0].label)
    )


def _record(instance, user, reason=None, when=None):
    """What django-simple-history records with the next save of `instance`."""
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    if when is not None:
        instance._history_date = when


def _label(model, field_name):
    return model.fact_label(field_name)


def _day(when):
    return date_format(timezone.localtime(when), "j F Y")


# --- The evidence rules -------------------------------------------------------------------


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
        label = _label(type(fact), name)
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


def kept_fields(stored, changed_citations, removed_citations, changed):
    """The unchanged fields that keep an accepted citation after this write's edits."""
    if stored is None:
        return set()
    edited = {citation.pk: citation for citation in changed_citations}
    removed = {citation.pk for citation in removed_citations}
    current = [edited.get(c.pk, c) for c in stored.citations.all() if c.pk not in removed]
    return {c.field_name for c in current if c.is_accepted and c.field_name not in changed}


def _restore_evidence(fact, field_name, as_of, now, user):
    """Accept again the citations that supported a field at `as_of`, and supersede the rest."""
    then = fact.citations.filter(field_name=field_name).filter(
        Q(added_at__isnull=True) | Q(added_at__lte=as_of),
        Q(is_accepted=True) | Q(superseded_at__gt=as_of),
    )
    restored = list(then)
    if not restored:
        label = _label(type(fact), field_name)
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
            _record(citation, user, when=now)
            citation.save()
    return {citation.pk for citation in restored}


def _supersede(fact, field_name, keep, now, user):
    for citation in fact.citations.filter(field_name=field_name, is_accepted=True).exclude(
        pk__in=keep
    ):
        citation.is_accepted = False
        citation.superseded_at = now
        citation.note = f"{citation.note} Superseded on {_day(now)}: a new value with new evidence replaced the one this passage states.".strip()
        _record(citation, user, when=now)
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
    _record(fact, user, reason, when=now)
    if stored is None or _row_differs(fact, stored):
        # Saving a page whose fact is unchanged (only its citations changed) records no version.
        fact.save()
    for name, objects in (m2m or {}).items():
        getattr(fact, name).set(objects)
    for citation in removed_citations:
        _record(citation, user, when=now)
        citation.delete()
    for citation in changed_citations:
        _record(citation, user, when=now)
        citation.save()
    for name in changed:
        keep = set()
        if restore_as_of is not None and has_value(fact, name, m2m):
            keep = _restore_evidence(fact, name, restore_as_of, now, user)
        _supersede(fact, name, keep, now, user)
    for citation in citations:
        citation.object_id = fact.pk
        citation.added_at = now
        _record(citation, user, when=now)
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
            {name: f"The {_label(model, name)} would be left without evidence." for name in lost}
        )
    return fact


def _protected(obj):
    """A Collector for deleting `obj`, or ProtectedError naming what refers to it."""
    collector = Collector(using=router.db_for_write(obj.__class__))
    try:
        collector.collect([obj])
    except ProtectedError as error:
        raise ProtectedError(
            f"“{obj}” cannot be deleted while these refer to it: "
            f"{_count_by_kind(error.protected_objects)}. Delete or change them first.",
            error.protected_objects,
        ) from error
    return collector


@transaction.atomic
def fact_delete(fact, *, user=None):
    """Delete a fact with its own citations (the history keeps both), unless others refer to it."""
    _protected(fact)
    for citation in fact.citations.all():
        _record(citation, user)
    _record(fact, user)
    fact.delete()


# --- Citations -----------------------------------------------------------------------------


def citation_subject(content_type, object_id):
    """A citation must point at a cited fact that exists: a generic key cannot enforce it."""
    model = content_type.model_class()
    if model is None or not issubclass(model, CitedFact):
        raise ValidationError({"content_type": "Only a cited fact can be cited."})
    subject = model._default_manager.filter(pk=object_id).first()
    if subject is None:
        raise ValidationError(
            {"object_id": f"There is no {model._meta.verbose_name} with id {object_id}."}
        )
    return subject


def citation_change_problems(citation, deleting=False):
    """What saving (or deleting) this citation as it is now would leave without evidence."""
    stored = Citation.objects.filter(pk=citation.pk).first()
    if stored is None:
        return []
    subject = stored.subject
    if subject is None:
        return []
    had = accepted_fields(subject)
    fields = set(
        subject.citations.filter(is_accepted=True)
        .exclude(pk=citation.pk)
        .values_list("field_name", flat=True)
    )
    same_subject = (citation.content_type_id, citation.object_id) == (
        stored.content_type_id,
        stored.object_id,
    )
    if not deleting and citation.is_accepted and same_subject:
        fields.add(citation.field_name)
    return [
        f"This is the only accepted evidence for the {_label(type(subject), name)} of "
        f"“{subject}”: cite another passage that states it first, or delete the "
        f"{subject._meta.verbose_name}."
        for name in subject.fact_fields
        if name in had and name not in fields and has_value(subject, name)
    ]


@transaction.atomic
def citation_save(citation, *, user=None):
    """Add or change one citation: its fact exists, its quote is verbatim, no fact loses evidence."""
    citation_subject(citation.content_type, citation.object_id)
    citation.full_clean()
    problems = citation_change_problems(citation) if citation.pk else []
    if problems:
        raise ValidationError({"is_accepted": problems})
    if citation.pk is None:
        citation.added_at = timezone.now()
    _record(citation, user)
    citation.save()
    return citation


def citation_create(*, content_type: ContentType, object_id: int, user=None, **fields):
    citation = Citation(content_type=content_type, object_id=object_id, **fields)
    return citation_save(citation, user=user)


def citation_update(citation, *, user=None, **fields):
    for name, value in fields.items():
        setattr(citation, name, value)
    return citation_save(citation, user=user)


@transaction.atomic
def citation_delete(citation, *, user=None):
    problems = citation_change_problems(citation, deleting=True)
    if problems:
        # Like deleting what others refer to: the state of the registry refuses it (409).
        raise ProtectedError(" ".join(problems), [citation])
    _record(citation, user)
    citation.delete()


# --- Sources -------------------------------------------------------------------------------


def archive_change_problem(source, archived_text, text_format):
    """Why a source's archived text may not change, or None: once cited, an archive is fixed."""
    stored = Source.objects.filter(pk=source.pk).first()
    if stored is None or (archived_text, text_format) == (stored.archived_text, stored.text_format):
        return None
    cited = stored.citations.count()
    if not cited:
        return None
    return (
        f"{cited} citation{'s' if cited != 1 else ''} quote this archived text, so it cannot "
        "change: archive the corrected document as a new source and cite that."
    )


ARCHIVE_SUFFIX = {"plain": ".txt", "html": ".html", "wordpress_json": ".json"}


def archive_document(source):
    """Keep the document as a file named by its SHA-256 under the archive folder, once."""
    folder = Path(settings.SOURCE_ARCHIVE_DIR)
    name = f"{source.text_digest()}{ARCHIVE_SUFFIX.get(source.text_format, '.txt')}"
    path = folder / name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(source.archived_text, encoding="utf-8")
    source.archive_file = name


@transaction.atomic
def source_save(source, *, user=None):
    if source.pk is not None:
        Source.objects.select_for_update().filter(pk=source.pk).first()
        problem = archive_change_problem(source, source.archived_text, source.text_format)
        if problem:
            raise ValidationError({"archived_text": problem})
    source.full_clean()
    if source.pk is None and not source.archive_file:
        archive_document(source)
    _record(source, user)
    source.save()
    return source


def source_create(*, user=None, **fields):
    return source_save(Source(**fields), user=user)


def source_update(source, *, user=None, **fields):
    for name, value in fields.items():
        setattr(source, name, value)
    return source_save(source, user=user)


@transaction.atomic
def source_delete(source, *, user=None):
    _protected(source)
    _record(source, user)
    source.delete()
