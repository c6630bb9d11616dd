"""Links to the registry's pages, each built once per process.

Django's reverse() walks the URL resolver on every call (about 0.2 ms of CPU on the 2-core
server), and a list of fifty factories links each to its page, its states and its passages:
over 250 calls, half the page's time. A page's address depends only on the view, its arguments,
the URLconf and the script prefix, so it is remembered by those.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Every factory, state, organisation, supercomputer and source of a registry of 10,000 factories.
REMEMBERED_LINKS = 50_000


@lru_cache(maxsize=REMEMBERED_LINKS)
def _reverse(viewname, args, urlconf, prefix):
    return reverse(viewname, urlconf=urlconf, args=args)


def page_url(viewname, *args):
    """reverse(viewname, args=args), remembered (the script prefix and URLconf in the key)."""
    return _reverse(viewname, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
