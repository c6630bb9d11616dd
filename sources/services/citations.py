"""Writes of single citations: their subject exists, their quote is verbatim, and no fact
loses its only accepted evidence."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ..models import Citation, CitedFact
from .evidence import accepted_fields, has_value
from .recording import record


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
        f"This is the only accepted evidence for the {type(subject).fact_label(name)} of "
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
    record(citation, user)
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
    record(citation, user)
    citation.delete()
