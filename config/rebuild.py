"""After an edit, the whole downloads and the quality report are rebuilt in the background.

At 10,000 factories the first request for the citations' CSV after an edit would build its file
for over a minute, the export stream for another, and the first /quality/ would run every check.
So when a transaction that changed the registry commits, one detached process
(`manage.py rebuild_after_change`) builds them for the new data version, and readers find them
ready. One launch per transaction, however many rows it saved; only with
settings.REBUILD_AFTER_CHANGE (production, unless REBUILD_AFTER_CHANGE=false).

The builder holds a lock in DOWNLOADS_ROOT: a second builder started while one builds leaves a
marker and exits, and the one building builds again for the newest version. A request whose
file is not ready yet still builds it itself, as before (config/downloads.py).
"""

import fcntl
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

from config.cache import on_every_change
from sources.models import recorded_models

LOCK_NAME = ".rebuild.lock"
MARKER_NAME = ".rebuild.again"
LOG_NAME = "rebuild.log"


def builder_command():
    """The command line of the background builder."""
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "rebuild_after_change"]


def launch_detached(command):
    """Starts `command` in a session of its own (it outlives the worker that started it), its
    output appended to the log in DOWNLOADS_ROOT."""
    root = Path(settings.DOWNLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOG_NAME, "ab") as log:
        subprocess.Popen(  # noqa: S603 - our own manage.py, no input from a request
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=settings.BASE_DIR,
        )


def _launch():
    import_string(settings.REBUILD_LAUNCHER)(builder_command())


def _launch_pending():
    # Django keeps the callbacks to run at this transaction's commit in run_on_commit (a
    # public attribute, no accessor): those of a rolled-back savepoint or transaction are
    # dropped from it, so "is ours there?" is exactly "is a launch due for this transaction?".
    return any(entry[1] is _launch for entry in connection.run_on_commit)


def rebuild_after_commit(sender, **kwargs):
    """Receiver: a recorded model changed; start one builder when the transaction commits."""
    if not settings.REBUILD_AFTER_CHANGE or sender not in recorded_models():
        return
    if connection.in_atomic_block and _launch_pending():
        return
    transaction.on_commit(_launch)


def connect_rebuild():
    on_every_change(rebuild_after_commit, "registry-rebuild")


@contextmanager
def builder_lock():
    """Yields True while this process holds the builders' lock, False when another does."""
    root = Path(settings.DOWNLOADS_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    handle = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)  # closing releases the lock


def marker():
    """The file a builder that found the lock taken leaves: the holder builds again."""
    return Path(settings.DOWNLOADS_ROOT) / MARKER_NAME
