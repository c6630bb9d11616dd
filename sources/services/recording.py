"""What every write does: records who made it, when and why, and deletes nothing that others
refer to."""

from django.db import router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector

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


def record(instance, user, reason=None, when=None):
    """What django-simple-history records with the next save of `instance`."""
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    if when is not None:
        instance._history_date = when


def check_deletable(obj):
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
