"""The whole downloads, built once per data version and served as files.

A whole download is the JSON export, the data package, or an API list's CSV or GeoJSON with no
parameter that picks, searches or orders its rows. At 10,000 factories the export is 185 MB
and takes about a minute to build; the citations' CSV has 180,000 rows. The first request for
a download at a data version (or `manage.py build_downloads`) runs the view as before and
writes what it answers to a file beside the client's copy; every later request at that
version is answered from the file, with its Content-Length, an ETag and the data's last change
as Last-Modified, and a 304 for a client that already holds it.

Files are written under a temporary name and renamed when complete, so a request never reads
half a file, however many build at once; a file is kept only if the data did not change while
it was built. Links inside a download carry the request's scheme and host, so each origin has
its own files, as it has its own response-cache entries. Only the current and the previous
version's files are kept.
"""

import hashlib
import json
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from .cache import CACHE_ERRORS, EPOCH, read_parameters, recorded_version, registry_version

EXPORT = "/api/v1/export/"
PACKAGE = "/data/ai-factories.zip"
LIST_FORMATS = ("csv", "geojson")
# Beside an origin's files: the scheme and host they were built for.
ORIGIN_NAME = ".origin"
# The headers of the view's answer (and of the middleware after this one, which a file served
# does not pass) a file is served with again; a view that states its data's last change (the
# export: the history's latest) keeps its own Last-Modified.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Last-Modified",
    "Vary",
    "Allow",
    "X-Frame-Options",
)


def download_name(request):
    """The file name of the whole download `request` asks for, or None when it asks for
    something else: a page, a filtered list, a browsable page, or as an editor."""
    if request.method not in ("GET", "HEAD") or not _anonymous(request):
        return None
    path = request.path_info
    format = request.GET.get("format")
    if any(name in read_parameters() for name in request.GET if name != "format"):
        return None
    if path == PACKAGE:
        return None if format else "data-ai-factories.zip"
    if path == EXPORT:
        wants_html = not format and "text/html" in request.META.get("HTTP_ACCEPT", "")
        if wants_html or format not in (None, "json"):
            return None
        # With ?format=json the document's links carry it too: another file.
        return "api-v1-export.format-json.json" if format else "api-v1-export.json"
    if not path.startswith("/api/") or format not in LIST_FORMATS:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "api" or not (match.url_name or "").endswith("-list"):
        return None
    return f"{path.strip('/').replace('/', '-')}.{format}"


def _anonymous(request):
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def data_version():
    """The version the files are kept under: the shared cache's registry_version() when every
    process reads the same one (settings.READ_MODEL: Redis), otherwise the time of the latest
    change the history records, which every process reads from the database alike."""
    if settings.READ_MODEL:
        return registry_version()
    return recorded_version()


def origin_key(request):
    """The folder of this origin's files: the links inside carry the scheme and host. The
    database is named too, so that two registries sharing DOWNLOADS_ROOT (the benchmark's
    sizes) never read each other's files at an equal version."""
    return origin_folder(request_origin(request))


def request_origin(request):
    return f"{request.scheme}://{request.get_host()}"


def origin_folder(origin):
    database = connection.settings_dict
    origin = f"{origin} {database['NAME']}@{database['HOST']}"
    return hashlib.sha256(origin.encode()).hexdigest()[:16]


def used_origins():
    """The origins (scheme://host) whose whole downloads were built from this database at a
    kept version: those the clients use (config/rebuild.py builds them again after an edit)."""
    root = Path(settings.DOWNLOADS_ROOT)
    found = set()
    for recorded in root.glob(f"*/*/{ORIGIN_NAME}"):
        try:
            origin = recorded.read_text()
        except FileNotFoundError:  # an old version's folder, removed since
            continue
        if recorded.parent.parent.name.isdigit() and origin_folder(origin) == recorded.parent.name:
            found.add(origin)
    return sorted(found)


class StoredDownload:
    """One download's file at one data version and origin, and the headers it is served with."""

    def __init__(self, version, origin, name):
        self.version = version
        self.path = Path(settings.DOWNLOADS_ROOT) / str(version) / origin / name
        self.headers_path = self.path.with_name(f".{name}.headers.json")

    @property
    def last_modified(self):
        """The data's last change, as a timestamp (the version is in nanoseconds)."""
        if not self.version:
            return None
        return (EPOCH + timedelta(microseconds=self.version // 1000)).timestamp()

    def etag(self, size):
        return f'"{self.version:x}-{size:x}"'

    def exists(self):
        return self.path.is_file()

    def response(self, request):
        """The file as an answer to `request`: 304 when the client holds this version, the
        headers alone for HEAD, the file otherwise."""
        try:
            headers = json.loads(self.headers_path.read_text())
            handle = None if request.method == "HEAD" else self.path.open("rb")
            size = self.path.stat().st_size
        except FileNotFoundError:
            # Removed by a newer version's build since exists(): build it afresh.
            return None
        etag = self.etag(size)
        last_modified = self.last_modified
        if "Last-Modified" in headers:
            last_modified = parse_http_date_safe(headers["Last-Modified"])
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            if handle:
                handle.close()
            response = not_modified
        elif handle is None:
            response = HttpResponse(headers=headers)
            response["Content-Length"] = str(size)
        else:
            response = FileResponse(handle)
            # FileResponse names the file after its path; the view's name is the one to keep.
            del response["Content-Disposition"]
            for name, value in headers.items():
                response[name] = value
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        response["X-Download"] = "file"
        return response


class Build:
    """A download being written: a temporary file in the final directory, renamed into place
    when complete, or removed."""

    def __init__(self, stored, response):
        self.stored = stored
        self.headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        stored.path.parent.mkdir(parents=True, exist_ok=True)
        handle, self.temporary = tempfile.mkstemp(dir=stored.path.parent, prefix=".building-")
        self.file = os.fdopen(handle, "wb")

    def write(self, content):
        self.file.write(content)

    def finish(self):
        """Puts the file in place if the data is still at its version, else discards it."""
        self.file.close()
        try:
            current = data_version()
        except CACHE_ERRORS:
            current = None
        if current != self.stored.version:
            os.unlink(self.temporary)
            return False
        headers = Path(self.temporary).with_suffix(".headers")
        headers.write_text(json.dumps(self.headers))
        os.replace(headers, self.stored.headers_path)
        os.replace(self.temporary, self.stored.path)
        remove_old_versions(self.stored.version)
        return True

    def abandon(self):
        self.file.close()
        os.unlink(self.temporary)


def remove_old_versions(current):
    """Removes every version's files but the current and the one before it."""
    root = Path(settings.DOWNLOADS_ROOT)
    versions = sorted(int(path.name) for path in root.iterdir() if path.name.isdigit())
    for version in versions:
        if version < current and version not in versions[-2:]:
            shutil.rmtree(root / str(version), ignore_errors=True)


def _written_while_streamed(chunks, build):
    complete = False
    try:
        for chunk in chunks:
            build.write(chunk)
            yield chunk
        complete = True
    finally:
        if complete:
            build.finish()
        else:
            build.abandon()


def store(stored, request, response):
    """The view's answer, kept as the download's file: a streamed answer is written while it is
    sent, a whole one at once."""
    build = Build(stored, response)
    (stored.path.parent / ORIGIN_NAME).write_text(request_origin(request))
    if response.streaming:
        response.streaming_content = _written_while_streamed(response.streaming_content, build)
        return response
    build.write(response.content)
    if build.finish():
        # The view's own answer, with the headers the file is served with from now on.
        response["ETag"] = stored.etag(len(response.content))
        if stored.last_modified and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(stored.last_modified)
        response["X-Download"] = "built"
    return response


class WholeDownloadMiddleware:
    """Answers a whole download from its file at the current data version, and keeps the
    view's answer as that file when there is none yet. It sits after the API's anonymous
    throttle, which counts these requests like any other. With `rebuild` (build_downloads) the
    file is written afresh even if it exists."""

    def __init__(self, get_response, rebuild=False):
        self.get_response = get_response
        self.rebuild = rebuild

    def __call__(self, request):
        name = download_name(request)
        if name is None:
            return self.get_response(request)
        try:
            version = data_version()
        except CACHE_ERRORS:
            return self.get_response(request)
        stored = StoredDownload(version, origin_key(request), name)
        if stored.exists() and not self.rebuild:
            response = stored.response(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if response.status_code != 200 or response.cookies:
            return response
        return store(stored, request, response)
