"""A backup made on SQLite restores into PostgreSQL with everything in it."""

import gzip
import json
import os
import subprocess
import sys

from bench.servers import ROOT

EDIT = (
    "from io import StringIO; from django.core.management import call_command; "
    "from django.contrib.auth import get_user_model; from rest_framework.authtoken.models import Token; "
    "from factories.models import AIFactory; "
    "call_command('createeditor', 'ana', password='a long editor passphrase 42', stdout=StringIO()); "
    "ana = get_user_model().objects.get(username='ana'); Token.objects.create(user=ana); "
    "f = AIFactory.objects.get(slug='pharos'); f.summary = 'Edited on SQLite.'; "
    "f._history_user = ana; f.full_clean(); f.save()"
)  # fmt: skip


def manage(database_url, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )  # fmt: skip


def test_sqlite_backup_restores_into_postgresql(pg_cluster, tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    manage(sqlite, "migrate", "--no-input", "-v0")
    manage(sqlite, "load_registry", "-v0")
    manage(sqlite, "shell", "-c", EDIT)
    backup = tmp_path / "registry.json.gz"
    manage(sqlite, "backup", str(backup))

    postgres = pg_cluster.create_database("registry_restored")
    manage(postgres, "migrate", "--no-input", "-v0")
    manage(postgres, "restore", str(backup))
    again = tmp_path / "again.json"
    manage(postgres, "backup", str(again))

    restored = json.loads(again.read_text())
    assert restored == json.loads(gzip.decompress(backup.read_bytes()))
    assert any(o["model"] == "authtoken.token" for o in restored)
    # The editor's change is there, and the history still says who made it.
    check = manage(
        postgres, "shell", "-c",
        "from factories.models import AIFactory; f = AIFactory.objects.get(slug='pharos'); "
        "print(f.summary, f.history.first().history_user.username)",
    )  # fmt: skip
    assert check.stdout.strip().splitlines()[-1] == "Edited on SQLite. ana"
