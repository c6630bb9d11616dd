import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from sources.backups import read_backup, restore_documents
from sources.models import recorded_models


class Command(BaseCommand):
    help = (
        "Read a backup made by `backup` into a freshly migrated, empty database (SQLite or "
        "PostgreSQL, whichever the backup came from), and its archived documents into "
        "SOURCE_ARCHIVE_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        data, documents = read_backup(file)
        # Restoring over a registry would mix two histories and overwrite rows by key.
        occupied = [
            model._meta.verbose_name_plural
            for model in [*recorded_models(), get_user_model()]
            if model._default_manager.exists()
        ]
        if occupied:
            raise CommandError(
                f"The database is not empty (it holds {', '.join(map(str, occupied))}); restore "
                "into a freshly migrated database."
            )
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "registry.json"
            fixture.write_bytes(data)
            # The backup holds the history as it was: loading the objects must not record new
            # versions (django-simple-history records the many-to-many sets loaddata makes).
            # A document missing or altered undoes the whole restore.
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(fixture), verbosity=0)
                written = restore_documents(documents)
        self.stdout.write(
            f"Restored the registry from {file}, and {written} archived documents into the "
            "archive folder."
        )
