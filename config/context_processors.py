"""What every page's frame shows: the data's licence, as the API schema states it."""

from django.conf import settings


def site(request):
    return {"data_licence": settings.SPECTACULAR_SETTINGS.get("LICENSE", {})}
