"""Operators cannot lose work: reloading the fixtures over edits, backup and restore."""

import json
import os
import re
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from factories.models import AIFactory
from sources.management.commands.load_registry import RELOAD_REASON, edits_since_last_load
from tests.changes.editors import make_editor

ROOT = Path(__file__).resolve().parents[2]


def load(*args):
    out = StringIO()
    call_command("load_registry", *args, stdout=out)
    return out.getvalue()


def edit_as(user, summary="Changed by an editor."):
    factory = AIFactory.objects.order_by("pk").first()
    factory.summary = summary
    factory._history_user = user
    factory.full_clean()
    factory.save()
    return factory


@pytest.mark.django_db
def test_force_reloads_when_nobody_edited(db):
    load()
    factory = AIFactory.objects.order_by("pk").first()
    original = factory.summary
    AIFactory.objects.filter(pk=factory.pk).update(summary="Not through the registry.")
    load("--force")
    factory.refresh_from_db()
    assert factory.summary == original


@pytest.mark.django_db
def test_force_refuses_to_overwrite_editors_changes():
    load()
    edit_as(make_editor())
    with pytest.raises(CommandError, match="Editors have changed the registry"):
        load("--force")
    assert AIFactory.objects.order_by("pk").first().summary == "Changed by an editor."


@pytest.mark.django_db
def test_discard_edits_reloads_and_says_so_in_the_history():
    load()
    original = AIFactory.objects.order_by("pk").first().summary
    factory = edit_as(make_editor())
    added = AIFactory.objects.create(
        name="Added by an editor",
        slug="added-by-an-editor",
        selection_round=factory.selection_round,
    )

    assert "discarded" in load("--force", "--discard-edits")

    factory.refresh_from_db()
    assert factory.summary == original
    assert not AIFactory.objects.filter(pk=added.pk).exists()
    latest = factory.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_change_reason, latest.summary) == (RELOAD_REASON, original)
    removed = AIFactory.history.filter(id=added.pk, history_type="-").get()
    assert removed.history_change_reason == RELOAD_REASON
    # The reload is the new starting point: reloading again loses nothing.
    assert edits_since_last_load() == 0
    load("--force")


def manage(database_url, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def registry_json(backup):
    """The backup's rows. Django's serializer writes times to the millisecond, and a time whose
    milliseconds are 0 but not its microseconds as `…:38.000Z`, which reads back as `…:38Z`:
    the same instant, written as the serializer writes a whole second."""
    with tarfile.open(backup) as tar:
        text = tar.extractfile("registry.json").read().decode()
    return json.loads(WHOLE_SECOND.sub(r"\1Z", text))


WHOLE_SECOND = re.compile(r"(T\d{2}:\d{2}:\d{2})\.000Z")


def registry_with_editors_work():
    """The registry, an editor's change, a group, a token and an editor's public name."""
    load()
    editor = make_editor()
    edit_as(editor)
    Token.objects.create(user=editor)
    editor.editor_profile.display_name = "Ana from Lisbon"
    editor.editor_profile.save()


@pytest.mark.django_db
def test_backup_restores_into_a_fresh_database(tmp_path):
    registry_with_editors_work()
    backup = tmp_path / "registry.tar.gz"
    call_command("backup", str(backup), stdout=StringIO())

    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    manage(fresh, "migrate", "--no-input", "-v0")
    manage(fresh, "restore", str(backup))
    again = tmp_path / "again.tar"
    manage(fresh, "backup", str(again))

    assert registry_json(again) == registry_json(backup)
    with pytest.raises(subprocess.CalledProcessError) as refused:
        manage(fresh, "restore", str(backup))
    assert "The database is not empty" in refused.value.stderr
