"""A backup made on SQLite restores into PostgreSQL on a fresh machine with everything in it:
the data, its history, the editor and their token, and every archived source document."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from bench.servers import ROOT
from sources.backups import write_backup

EDIT = (
    "from io import StringIO; from django.core.management import call_command; "
    "from django.contrib.auth import get_user_model; from rest_framework.authtoken.models import Token; "
    "from factories.models import AIFactory; from sources.services import source_create; "
    "call_command('createeditor', 'ana', password='a long editor passphrase 42', stdout=StringIO()); "
    "ana = get_user_model().objects.get(username='ana'); Token.objects.create(user=ana); "
    "f = AIFactory.objects.get(slug='pharos'); f.summary = 'Edited on SQLite.'; "
    "f._history_user = ana; f.full_clean(); f.save(); "
    "source_create(user=ana, slug='archived-on-sqlite', title='Archived on SQLite', kind='news_report', "
    "reliability='high', reliability_note='A test.', archived_text='Pharos is in Athens. – ok')"
)  # fmt: skip
# Every source's archive file, its recorded SHA-256 and the SHA-256 of the file on this machine.
ARCHIVES = (
    "import hashlib, json; from pathlib import Path; from django.conf import settings; "
    "from sources.models import Source; folder = Path(settings.SOURCE_ARCHIVE_DIR); "
    "print(json.dumps(sorted([s.archive_file, s.archive_sha256, "
    "hashlib.sha256((folder / s.archive_file).read_bytes()).hexdigest() "
    "if (folder / s.archive_file).is_file() else None] "
    "for s in Source.objects.exclude(archive_file=''))))"
)


def manage(database_url, archive, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "SOURCE_ARCHIVE_DIR": str(archive),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )  # fmt: skip


def registry_json(backup):
    with tarfile.open(backup) as tar:
        return json.loads(tar.extractfile("registry.json").read())


def test_sqlite_backup_restores_into_postgresql_with_the_archived_documents(pg_cluster, tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    # The old machine: the registry's documents, and one an editor archives there.
    old_archive = tmp_path / "old-archive"
    shutil.copytree(ROOT / "sources" / "archive", old_archive)
    manage(sqlite, old_archive, "migrate", "--no-input", "-v0")
    manage(sqlite, old_archive, "load_registry", "-v0")
    manage(sqlite, old_archive, "shell", "-c", EDIT)
    backup = tmp_path / "registry.tar.gz"
    manage(sqlite, old_archive, "backup", str(backup))
    before = json.loads(
        manage(sqlite, old_archive, "shell", "-c", ARCHIVES).stdout.splitlines()[-1]
    )

    # The new machine: PostgreSQL and an empty archive folder.
    new_archive = tmp_path / "new-archive"
    postgres = pg_cluster.create_database("registry_restored")
    manage(postgres, new_archive, "migrate", "--no-input", "-v0")
    restored = manage(postgres, new_archive, "restore", str(backup))
    assert f"and {len(before)} archived documents" in restored.stdout
    again = tmp_path / "again.tar"
    manage(postgres, new_archive, "backup", str(again))

    assert registry_json(again) == registry_json(backup)
    assert any(o["model"] == "authtoken.token" for o in registry_json(again))
    # The editor's change is there, and the history still says who made it.
    check = manage(
        postgres, new_archive, "shell", "-c",
        "from factories.models import AIFactory; f = AIFactory.objects.get(slug='pharos'); "
        "print(f.summary, f.history.first().history_user.username)",
    )  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "Edited on SQLite. ana"
    # Every source's document is on the new machine, byte for byte what its source records.
    after = json.loads(
        manage(postgres, new_archive, "shell", "-c", ARCHIVES).stdout.splitlines()[-1]
    )
    assert after == before
    assert len(after) == 6  # the five of the registry's fixtures and the editor's
    assert all(recorded == on_disk for _, recorded, on_disk in after)
    assert sorted(path.name for path in new_archive.iterdir()) == [name for name, _, _ in after]


@pytest.fixture
def backup_of_the_registry(registry, tmp_path, archive_dir):
    shutil.copytree(ROOT / "sources" / "archive", archive_dir)
    backup = tmp_path / "registry.tar"
    call_command("backup", str(backup), stdout=io.StringIO())
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(archive_dir)
    yield backup
    # flush recreated the content types with new ids inside this test's transaction, and the
    # restore loaded them again: once that is rolled back, the cache must not keep those ids.
    ContentType.objects.clear_cache()


def altered(backup, tmp_path, change):
    """A copy of `backup` whose members `change(name, content)` rewrote."""
    with tarfile.open(backup) as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar}
    data = members.pop("registry.json")
    documents = [(name.removeprefix("archive/"), content) for name, content in members.items()]
    copy = tmp_path / "altered.tar"
    write_backup(copy, data, [change(name, content) for name, content in documents])
    return copy


@pytest.mark.django_db
def test_a_backup_whose_document_was_altered_restores_nothing(backup_of_the_registry, tmp_path):
    from sources.models import Source

    def tamper(name, content):
        return name, content.replace(b"Athens", b"Sparta") if b"Athens" in content else content

    copy = altered(backup_of_the_registry, tmp_path, tamper)
    with pytest.raises(CommandError, match="Nothing restored: .* is missing or altered"):
        call_command("restore", str(copy), stdout=io.StringIO())
    assert not Source.objects.exists()
    # The untouched backup restores, and every document matches its source's SHA-256.
    call_command("restore", str(backup_of_the_registry), stdout=io.StringIO())
    for source in Source.objects.exclude(archive_file=""):
        content = (tmp_path / "archive" / source.archive_file).read_bytes()
        assert hashlib.sha256(content).hexdigest() == source.archive_sha256


@pytest.mark.django_db
def test_a_backup_with_a_path_outside_the_archive_is_refused(tmp_path):
    backup = tmp_path / "evil.tar"
    write_backup(backup, b"[]", [("../../../etc/cron.d/x", b"* * * * * root true")])
    with pytest.raises(CommandError, match="is not a registry backup"):
        call_command("restore", str(backup), stdout=io.StringIO())
