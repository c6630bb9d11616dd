"""Which models the registry tracks, and the baseline that makes their first change diffable.

The fixtures are loaded raw, which django-simple-history does not record, so an object's first
edit would have nothing to compare with: no "changed from … to …" and no version to revert to.
Just before an object is first changed, its stored state is recorded as a baseline version.
"""

from django.db.models.signals import pre_save

from sources.models import recorded_models

# The change reason of a baseline version: the public list of changes leaves these out.
BASELINE_REASON = "Recorded as it stood before its first change"


def record_baseline(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    history = sender.history
    if history.filter(**{sender._meta.pk.attname: instance.pk}).exists():
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    if stored is not None:
        stored._history_user = None  # nobody made this version in the registry: it was loaded
        if hasattr(instance, "_history_date"):
            # A write may date its change before this moment (all its rows at one time): the
            # baseline must not come after the change it precedes. Equal dates are ordered by id.
            stored._history_date = instance._history_date
        history.bulk_history_create([stored], default_change_reason=BASELINE_REASON)


def connect_baseline_recorder():
    for model in recorded_models():
        pre_save.connect(
            record_baseline, sender=model, dispatch_uid=f"changes-baseline-{model._meta.label}"
        )
