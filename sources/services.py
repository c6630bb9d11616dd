"""Writes to sources and citations, and the delete rule every app's services share."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector

from .models import Citation, Source


def _count_by_kind(objects):
    counts = {}
    for obj in objects:
        meta = obj._meta
        counts[meta] = counts.get(meta, 0) + 1
    return ", ".join(
        f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"
        for meta, n in sorted(counts.items(), key=lambda item: item[0].label)
    )


def delete_uncited(obj):
    """Delete `obj` and what cascades from it, unless anything in that set is still cited.

    A GenericRelation deletes an object's citations with it; deleting a fact must never make
    its evidence vanish silently, so the citations go first, by hand. Records that protect
    `obj` (on_delete=PROTECT) stop the delete too, with a message naming them.
    """
    collector = Collector(using=router.db_for_write(obj.__class__))
    try:
        collector.collect([obj])
    except ProtectedError as error:
        raise ProtectedError(
            f"“{obj}” cannot be deleted while these refer to it: "
            f"{_count_by_kind(error.protected_objects)}. Delete or change them first.",
            error.protected_objects,
        ) from error
    citations = [
        citation
        for model, instances in collector.data.items()
        if model is Citation
        for citation in instances
    ]
    if citations:
        raise ProtectedError(
            f"“{obj}” cannot be deleted while {len(citations)} "
            f"citation{'s' if len(citations) != 1 else ''} support it or what would be deleted "
            "with it. Delete those citations first.",
            citations,
        )
    collector.delete()


def save_validated(instance):
    """Save after the model's own rules (fields, clean(), constraints) have passed."""
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def source_create(**fields):
    return save_validated(Source(**fields))


@transaction.atomic
def source_update(source, **fields):
    for name, value in fields.items():
        setattr(source, name, value)
    return save_validated(source)


@transaction.atomic
def source_delete(source):
    delete_uncited(source)


def _check_subject(citation):
    """A citation must point at an object that exists: the model cannot enforce a generic FK."""
    model = citation.content_type.model_class()
    if model is None or not model._default_manager.filter(pk=citation.object_id).exists():
        label = model._meta.verbose_name if model else citation.content_type.model
        raise ValidationError({"object_id": f"There is no {label} with id {citation.object_id}."})


@transaction.atomic
def citation_create(*, content_type: ContentType, object_id: int, **fields):
    citation = Citation(content_type=content_type, object_id=object_id, **fields)
    _check_subject(citation)
    return save_validated(citation)


@transaction.atomic
def citation_update(citation, **fields):
    for name, value in fields.items():
        setattr(citation, name, value)
    _check_subject(citation)
    return save_validated(citation)


@transaction.atomic
def citation_delete(citation):
    citation.delete()
