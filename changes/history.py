"""Which models the registry tracks, and the baseline that makes their first change diffable.

The fixtures are loaded raw, which django-simple-history does not record, so an object's first
edit would have nothing to compare with: no "changed from … to …" and no version to revert to.
Just before an object is first changed, its stored state is recorded as a baseline version.
"""

from django.db.models.signals import pre_save
from simple_history.signals import pre_create_historical_record

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


def mark_loaded_m2m_as_baseline(sender, history_instance, **kwargs):
    """Loading the fixtures sets a loaded object's many-to-many fields, which
    django-simple-history records as a change: as the object's first version, it is the state
    it was loaded in, a baseline, not an edit."""
    if history_instance.history_type != "~" or history_instance.history_change_reason:
        return
    pk = sender.instance_type._meta.pk.attname
    if not sender._default_manager.filter(**{pk: getattr(history_instance, pk)}).exists():
        history_instance.history_change_reason = BASELINE_REASON
        history_instance.history_user = None


def connect_baseline_recorder():
    for model in recorded_models():
        pre_save.connect(
            record_baseline, sender=model, dispatch_uid=f"changes-baseline-{model._meta.label}"
        )
        if model._meta.many_to_many:
            pre_create_historical_record.connect(
                mark_loaded_m2m_as_baseline,
                sender=model.history.model,
                dispatch_uid=f"changes-loaded-m2m-{model._meta.label}",
            )
