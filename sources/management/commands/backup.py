import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sources.backups import archived_documents, compression, write_backup

# What a backup leaves out: rebuilt by `migrate` (content types, permissions), or worth nothing
# on another server (sessions, the admin's own log of its screens).
LEFT_OUT = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = (
        "Write the whole registry to FILE: its data and history, users, groups, editors' public "
        "names and API tokens (by natural keys, so `restore` reads it into any database), and "
        "every archived source document."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A .tar file (.tar.gz, .tgz, .tar.bz2 or .tar.xz packs it)."
        )

    def handle(self, *args, file, **options):
        compression(file)
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "registry.json"
            call_command(
                "dumpdata",
                exclude=LEFT_OUT,
                natural_foreign=True,
                natural_primary=True,
                output=str(data),
                verbosity=0,
            )
            documents, replaced = archived_documents()
            write_backup(file, data.read_bytes(), documents)
        for name in replaced:
            self.stderr.write(
                f"{name}: the archived file was missing or differed from its source's text; "
                "backed up from the text."
            )
        self.stdout.write(
            f"Backed up the registry and {len(documents)} archived documents to {file}."
        )
