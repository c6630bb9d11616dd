import pytest
from django.conf import settings
from django.core.management import call_command

from tests.scale import registry_of_size  # noqa: F401 (a fixture at 7, 1,000 and 10,000 factories)


@pytest.fixture
def editor_client(client, db):
    """The test client, logged in as a member of the editors group (not a superuser)."""
    from tests.changes.editors import make_editor

    client.force_login(make_editor())
    return client


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """Documents that tests archive go to a throwaway folder, never into sources/archive/."""
    settings.SOURCE_ARCHIVE_DIR = tmp_path / "archive"
    return settings.SOURCE_ARCHIVE_DIR


@pytest.fixture(autouse=True)
def downloads_root(settings, tmp_path):
    """Each test's whole downloads (config/downloads.py) go to its own folder: a test's rolled
    back edits leave a data version whose files no other test may read."""
    settings.DOWNLOADS_ROOT = tmp_path / "downloads"
    return settings.DOWNLOADS_ROOT


@pytest.fixture
def registry(db):
    """The registry's own fixtures, for the tests whose subject is the fixtures."""
    call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=0)


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
