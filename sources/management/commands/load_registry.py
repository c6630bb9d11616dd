from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sources.models import recorded_models


class Command(BaseCommand):
    help = "Load the registry's fixtures into an empty database (or again, with --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when the database already holds the registry; overwrites rows by key.",
        )

    def handle(self, *args, force=False, **options):
        # Editors' changes live in the database: a second `make run` must not overwrite them.
        holds_data = any(model._default_manager.exists() for model in recorded_models())
        if holds_data and not force:
            self.stdout.write(
                "The registry already holds data; nothing loaded (use --force to reload)."
            )
            return
        call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=options["verbosity"])
