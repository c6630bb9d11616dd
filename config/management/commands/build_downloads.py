"""Builds every whole download's file for the current data version (config/downloads.py), and
stores the quality report for it (sources/quality.py).

`make serve` runs it before gunicorn starts, so no client waits for a build at the deploy;
a download whose file is missing later (after an edit) is built by its first request. Files
that exist are written again: loading the fixtures records no history, so without a shared
cache (REDIS_URL) a reload at the deploy leaves the data version as it was.
"""

import time
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import resolve

from config.api import SharedStore, data_version, router
from config.downloads import EXPORT, LIST_FORMATS, PACKAGE, WholeDownloadMiddleware
from sources.quality import quality_report


def whole_downloads():
    """The address of every whole download: the export, the data package, and each list's
    CSV (and GeoJSON where the list offers it)."""
    addresses = [EXPORT, PACKAGE]
    for prefix, viewset, _ in router.registry:
        offered = {renderer.format for renderer in viewset.renderer_classes}
        addresses += [
            f"/api/v1/{prefix}/?format={name}" for name in LIST_FORMATS if name in offered
        ]
    return addresses


def _view(request):
    """What the URL's view answers, rendered, without the middleware around it."""
    match = resolve(request.path_info)
    request.resolver_match = match
    response = match.func(request, *match.args, **match.kwargs)
    if callable(getattr(response, "render", None)):
        response.render()
    return response


def build(address, origin, rebuild=True):
    """Builds `address`'s file for `origin` (scheme://host); returns the answer's status. A
    file that exists is written again, unless `rebuild` is False."""
    parts = urlsplit(origin)
    secure = parts.scheme == "https"
    request = RequestFactory().get(
        address,
        HTTP_HOST=parts.netloc,
        HTTP_X_FORWARDED_PROTO=parts.scheme,
        secure=secure,
    )
    request.user = AnonymousUser()
    response = WholeDownloadMiddleware(_view, rebuild=rebuild)(request)
    if response.get("X-Download") == "file":
        # Served from the file that exists (rebuild=False): nothing to build, nothing to read.
        response.file_to_stream.close()
    elif response.streaming:
        # Read to the end, which puts the file in place. Not close(): its request_finished
        # would close the database connection between two downloads.
        for _ in response.streaming_content:
            pass
    return response.status_code


class Command(BaseCommand):
    help = "Builds the files of the whole downloads (export, data package, CSV, GeoJSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            action="append",
            required=True,
            help="scheme://host[:port] the clients use (the links inside carry it); repeatable.",
        )

    def handle(self, *args, origin, **options):
        for each in origin:
            if urlsplit(each).scheme not in ("http", "https") or not urlsplit(each).netloc:
                raise CommandError(f"--origin {each!r}: give scheme://host[:port].")
        for each in origin:
            for address in whole_downloads():
                start = time.perf_counter()
                status = build(address, each)
                if status != 200:
                    raise CommandError(f"{each}{address} answered {status}.")
                seconds = time.perf_counter() - start
                self.stdout.write(f"{each}{address}: built in {seconds:.1f} s")
        # Afresh, as the files: a deploy that reloads the fixtures records no new version.
        message = store_quality_report(fresh=True)
        if message:
            self.stdout.write(message)


def store_quality_report(fresh=False):
    """Runs the registry's checks for the current data version and stores the report where
    every worker's /quality/ reads it (config.api.SharedStore), so that no reader runs them;
    a message saying so, or None without a shared data version (no REDIS_URL). `fresh`: even
    when a report of this version is stored."""
    version = data_version()
    if version is None:
        return None
    start = time.perf_counter()
    report = quality_report(version, SharedStore(), fresh=fresh)
    seconds = time.perf_counter() - start
    return f"Quality report at {version}: {report.failure_count} failures, {seconds:.1f} s"
