"""Builds the whole downloads and the quality report for the current data version, in the
background after an edit (config/rebuild.py starts it when a change commits).

Only one builds at a time: a builder that finds the lock taken leaves a marker and exits, and
the one holding it builds again, for the newest version, once its round is done. The origins
built are those whose files the previous version had (the scheme and host clients use); none,
nothing to build. A builder that fails logs why and exits: the first request for a download
then builds it, as without this command.
"""

import logging
import time

from django.core.management.base import BaseCommand

from config.downloads import data_version as downloads_version
from config.downloads import used_origins
from config.rebuild import builder_lock, marker

from .build_downloads import build, store_quality_report, whole_downloads

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Builds the whole downloads and the quality report for the current data version."

    def handle(self, *args, **options):
        while True:
            with builder_lock() as held:
                if not held:
                    marker().touch()
                    self.stdout.write("Another builder is building: it will build again.")
                    # The holder may have looked for a marker and be about to let go: try once
                    # more, so the marker is never left with no one to see it.
                    with builder_lock() as held_now:
                        if not held_now:
                            return
                        self.build_until_current()
                else:
                    self.build_until_current()
            # A builder that found the lock taken after the last round looked for its marker
            # and before the lock was let go: build once more.
            if not marker().exists():
                return

    def build_until_current(self):
        while True:
            version = downloads_version()
            try:
                self.build_round(version)
            except Exception:
                logger.exception("Building the downloads at version %s failed.", version)
                raise SystemExit(1) from None
            if marker().exists():
                marker().unlink(missing_ok=True)
                self.stdout.write("A builder was started while this one built: again.")
                continue
            if downloads_version() != version:
                self.stdout.write("The data changed while this builder built: again.")
                continue
            return

    def build_round(self, version):
        origins = used_origins()
        if not origins:
            self.stdout.write(f"Version {version}: no origin had files, none to build.")
        for origin in origins:
            for address in whole_downloads():
                start = time.perf_counter()
                status = build(address, origin, rebuild=False)
                seconds = time.perf_counter() - start
                self.stdout.write(f"{origin}{address}: {status} in {seconds:.1f} s")
        message = store_quality_report()
        if message:
            self.stdout.write(message)
