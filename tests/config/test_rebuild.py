"""After an edit, one background builder per committed transaction (config/rebuild.py), and
the builders' lock (manage.py rebuild_after_change): a second builder leaves a marker and exits,
and the one that holds the lock builds again."""

import io
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from config.downloads import data_version
from config.rebuild import builder_lock, marker
from factories.models import AIFactory
from tests.builders import make_country, make_factory, make_round

LAUNCHED = []


def record_launch(command):
    """settings.REBUILD_LAUNCHER for these tests: what would be started, not started."""
    LAUNCHED.append(command)


BUILDER = [sys.executable, "manage.py", "rebuild_after_change"]


@pytest.fixture
def launches(settings):
    settings.REBUILD_AFTER_CHANGE = True
    settings.REBUILD_LAUNCHER = "tests.config.test_rebuild.record_launch"
    LAUNCHED.clear()
    yield LAUNCHED
    LAUNCHED.clear()


def _shown(commands):
    """The command lines, manage.py named relative to the checkout."""
    return [
        [part.rsplit("/", 1)[-1] if part.endswith("manage.py") else part for part in command]
        for command in commands
    ]


@pytest.mark.django_db(transaction=True)
def test_one_transaction_of_many_saves_starts_one_builder_when_it_commits(launches):
    host = make_country()
    selection_round = make_round()
    launches.clear()
    with transaction.atomic():
        for _ in range(5):
            make_factory(host=host, selection_round=selection_round)
        assert launches == []  # nothing before the commit
    assert _shown(launches) == [BUILDER]
    with transaction.atomic():
        AIFactory.objects.update(summary="Changed.")  # no save signal: nothing to rebuild
        AIFactory.objects.first().save()
    assert _shown(launches) == [BUILDER, BUILDER]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_starts_none_and_the_next_one_starts_one(launches):
    host = make_country()
    launches.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_factory(host=host)
        raise RuntimeError("the edit fails")
    assert launches == []
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_factory(host=host)
            raise RuntimeError("a savepoint is rolled back")
        make_factory(host=host)
    assert _shown(launches) == [BUILDER]


@pytest.mark.django_db(transaction=True)
def test_no_builder_when_the_setting_is_off(launches, settings):
    settings.REBUILD_AFTER_CHANGE = False
    with transaction.atomic():
        make_factory()
    assert launches == []


def _export_files(version):
    root = marker().parent / str(version)
    return sorted(path.name for path in root.glob("*/api-v1-export.json"))


@pytest.mark.usefixtures("registry")
def test_a_second_builder_leaves_a_marker_and_the_first_builds_again():
    Client().get("/api/v1/export/")  # a client's origin has files at this version
    factory = AIFactory.objects.first()
    factory.summary = "Edited after the export was built."
    factory.save()
    version = data_version()
    assert _export_files(version) == []

    with builder_lock() as held:  # a first builder is building
        assert held
        out = io.StringIO()
        call_command("rebuild_after_change", stdout=out)
    assert out.getvalue() == "Another builder is building: it will build again.\n"
    assert marker().exists()
    assert _export_files(version) == []

    # A builder holding the lock (here the next one) finds the marker once its round is done
    # and builds again.
    out = io.StringIO()
    call_command("rebuild_after_change", stdout=out)
    lines = out.getvalue().splitlines()
    assert "A builder was started while this one built: again." in lines
    exports = [line for line in lines if line.startswith("http://testserver/api/v1/export/: 200")]
    assert len(exports) == 2
    assert not marker().exists()
    assert _export_files(version) == ["api-v1-export.json"]
    served = Client().get("/api/v1/export/")
    assert served["X-Download"] == "file"
    assert factory.summary.encode() in b"".join(served.streaming_content)


@pytest.mark.django_db
def test_with_no_origin_that_had_files_nothing_is_built():
    out = io.StringIO()
    call_command("rebuild_after_change", stdout=out)
    assert out.getvalue().splitlines()[0].endswith(": no origin had files, none to build.")
    assert list(marker().parent.glob("[0-9]*")) == []
