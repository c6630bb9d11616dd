"""Writes of sources: each document archived once as a file, its archive fixed once cited."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Source
from .recording import check_deletable, record


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
    record(source, user)
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
    check_deletable(source)
    record(source, user)
    source.delete()
