from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# What a backup leaves out: rebuilt by `migrate` (content types, permissions), or worth nothing
# on another server (sessions, the admin's own log of its screens).
LEFT_OUT = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
FORMATS = (".json", ".json.gz", ".json.bz2", ".json.xz")


def check_file_name(path):
    if not str(path).endswith(FORMATS):
        raise CommandError(f"The file's name must end in one of {', '.join(FORMATS)}.")


class Command(BaseCommand):
    help = (
        "Write the whole registry to FILE: its data and history, users, groups, editors' public "
        "names and API tokens, by natural keys, so `restore` reads it into any database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .json file (.json.gz, .json.bz2 or .json.xz packs it).")

    def handle(self, *args, file, **options):
        check_file_name(file)
        call_command(
            "dumpdata",
            exclude=LEFT_OUT,
            natural_foreign=True,
            natural_primary=True,
            output=file,
            verbosity=0,
        )
        self.stdout.write(f"Backed up the registry to {file}.")
