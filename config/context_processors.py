"""What every page's frame shows: the data's licence, as the API schema states it, and when the
data last changed."""

from django.conf import settings

from .cache import data_last_changed


def site(request):
    return {
        "data_licence": settings.SPECTACULAR_SETTINGS.get("LICENSE", {}),
        # A callable, so that only a template that shows the date reads it (from the cache).
        "data_last_changed": data_last_changed,
    }
