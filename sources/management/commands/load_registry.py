from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.signals import post_save
from django.utils import timezone

from sources.models import recorded_models

RELOAD_REASON = "Reloaded from the fixtures, discarding editors' changes"


def last_reload():
    """When the fixtures were last reloaded over editors' changes (None: never)."""
    dates = [
        model.history.filter(history_change_reason=RELOAD_REASON).aggregate(at=Max("history_date"))[
            "at"
        ]
        for model in recorded_models()
    ]
    return max((date for date in dates if date), default=None)


def edits_since_last_load():
    """How many versions editors (or code) recorded since the fixtures were last loaded.

    Loading the fixtures records nothing, so every version in the history is a change made
    afterwards, except the registry's own: a baseline (recorded just before a first change) or
    a reload, which carry a change reason and no editor. A version with an editor, or one saved
    by code without a reason (a shell, a script), is work that reloading would lose.
    """
    since = last_reload()
    total = 0
    for model in recorded_models():
        versions = model.history.filter(
            Q(history_user__isnull=False) | Q(history_change_reason__isnull=True)
            | Q(history_change_reason="")
        )  # fmt: skip
        if since is not None:
            versions = versions.filter(history_date__gt=since)
        total += versions.count()
    return total


class Command(BaseCommand):
    help = "Load the registry's fixtures into an empty database (or again, with --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when the database already holds the registry; overwrites rows by key. "
            "Refuses if editors have changed the data, unless --discard-edits is given too.",
        )
        parser.add_argument(
            "--discard-edits",
            action="store_true",
            help="With --force: replace editors' changes by the fixtures (their objects "
            "included) and record the reload in the history.",
        )

    def handle(self, *args, force=False, discard_edits=False, **options):
        # Editors' changes live in the database: a second `make run` must not overwrite them.
        holds_data = any(model._default_manager.exists() for model in recorded_models())
        if holds_data and not force:
            self.stdout.write(
                "The registry already holds data; nothing loaded (use --force to reload)."
            )
            return
        edits = edits_since_last_load() if holds_data else 0
        if edits and not discard_edits:
            raise CommandError(
                f"Editors have changed the registry ({edits} recorded versions since it was "
                "loaded); reloading would lose their work. Back it up (manage.py backup FILE), "
                "then reload with --force --discard-edits if that is really meant."
            )
        if not edits:
            call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=options["verbosity"])
            return
        with transaction.atomic():
            self.reload_discarding_edits(options["verbosity"])
        self.stdout.write(f"Reloaded from the fixtures; {edits} recorded versions discarded.")

    def reload_discarding_edits(self, verbosity):
        """Load the fixtures, delete what editors added, and record both in the history, so
        the history's latest version of every object is what the database now holds."""
        started = timezone.now()
        loaded = {model: set() for model in recorded_models()}

        def note_loaded(sender, instance, raw=False, **kwargs):
            if raw and sender in loaded:
                loaded[sender].add(instance.pk)

        post_save.connect(note_loaded, dispatch_uid="load-registry-note-loaded")
        try:
            call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=verbosity)
        finally:
            post_save.disconnect(dispatch_uid="load-registry-note-loaded")

        # Deletions are recorded by django-simple-history, cascades included.
        for model, pks in reversed(loaded.items()):
            model._default_manager.exclude(pk__in=pks).delete()
        now = timezone.now()
        for model, pks in loaded.items():
            model.history.filter(
                history_date__gte=started, history_change_reason__isnull=True
            ).update(history_change_reason=RELOAD_REASON)
            # A loaded object with a history gets a version as it was reloaded; one without
            # any keeps none (its first change records a baseline, as after the first load).
            touched = model.history.filter(**{f"{model._meta.pk.attname}__in": pks})
            reloaded = model._default_manager.filter(pk__in=touched.values(model._meta.pk.attname))
            model.history.bulk_history_create(
                list(reloaded),
                update=True,
                default_change_reason=RELOAD_REASON,
                default_date=now,
            )
