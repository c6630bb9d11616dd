"""The API's read model: each object's representation computed once per data version, in this
process, and reused by every read until the registry changes.

The registry changes rarely and is read often. A list then costs the SQL that picks the page's
rows (filters, order, page) and a dictionary look-up per row; a detail, a look-up. Entries are
keyed by the registry's data version (config.cache.registry_version, which changes on every
save, delete and commit), so a write is seen by the next read, in every process; by what the
links in a representation are built from (scheme, host, `?format=`); and by the object. Memory
is bounded: only the newest version is kept, with at most `limit` objects of each kind.

Nothing is read from or stored in the read model inside a transaction: what a transaction sees
may yet be rolled back, and a write's own answers (its ETag, its body) must show the write.
"""

import threading
from collections import OrderedDict

from django.db import connection
from django.urls import get_script_prefix
from rest_framework.settings import api_settings


class StoredRow(dict):
    """A list row kept in the read model. It also keeps what a download renders of it, by
    format (its CSV line, its GeoJSON feature: sources.renderers), so that a download of every
    row joins what is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rendered = {}

    def render(self, name, render):
        """`render(self)`, once for this row and this name."""
        if name not in self.rendered:
            self.rendered[name] = render(self)
        return self.rendered[name]


class Representations:
    """One kind of representation (a list row, a detail) of one endpoint's objects, by key, for
    the newest data version; the least recently used go beyond `limit`."""

    def __init__(self, limit):
        self.limit = limit
        self.version = None
        self.entries = OrderedDict()
        # A worker may run several request threads (GUNICORN_THREADS): one reads while
        # another evicts or starts a new version.
        self.lock = threading.Lock()

    def usable(self, version):
        """Whether this read may use the store: a known version, outside any transaction."""
        if version is None or connection.in_atomic_block:
            return False
        if version != self.version:
            # A newer version (or, in a race, an older one): start again, never mix versions.
            self.version, self.entries = version, OrderedDict()
        return True

    def get_many(self, version, keys):
        """The stored representations of `keys` at `version`, by key; the others are missing."""
        with self.lock:
            if not self.usable(version):
                return {}
            found = {}
            for key in keys:
                value = self.entries.get(key)
                if value is not None:
                    self.entries.move_to_end(key)
                    found[key] = value
            return found

    def put_many(self, version, values):
        with self.lock:
            if not self.usable(version):
                return
            self.entries.update(values)
            while len(self.entries) > self.limit:
                self.entries.popitem(last=False)


# The most objects of one kind kept per endpoint: every row of a list; the most read details.
LIMITS = {"list": 50_000, "retrieve": 1_000}
_stores = {}


def representations(endpoint, kind):
    """The store of one endpoint's (a viewset class's) representations of one kind."""
    key = (endpoint, kind)
    if key not in _stores:
        _stores[key] = Representations(LIMITS[kind])
    return _stores[key]


def link_context(request):
    """What the links of a representation are built from: DRF's hyperlinked fields use the
    request's scheme, host and script prefix, and keep its `?format=`."""
    return (
        request.scheme,
        request.get_host(),
        get_script_prefix(),
        request.GET.get(api_settings.URL_FORMAT_OVERRIDE),
    )


def only_links_read(request):
    """True when a detail's answer depends on nothing in the query but `format`: DRF applies an
    endpoint's filters to its detail too (`?country=xx` can make it a 404)."""
    return all(name == api_settings.URL_FORMAT_OVERRIDE for name in request.GET)
