"""The sitemap: every public page a search engine or an archive should find.

/sitemap.xml is an index of sections (Django's sitemap `index` view); each section is split
into pages of at most `ObjectSitemap.limit` addresses, so no page of it grows with the
registry: at 10,000 factories the factories' section has ten pages of 1,000.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from consortia.models import Country, Organisation
from funding.models import Programme
from sources.models import Source

from .models import AIFactory, SelectionRound, Supercomputer


class PageSitemap(Sitemap):
    """The site's fixed pages."""

    def items(self):
        return [
            "factories:home",
            "factories:factory-list",
            "consortia:country-list",
            "funding:overview",
            "sources:source-list",
            "changes:change-list",
        ]

    def location(self, item):
        return reverse(item)


class ObjectSitemap(Sitemap):
    """The pages of one kind of object, each at its `get_absolute_url`, `limit` to a page."""

    limit = 1000

    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset

    def items(self):
        # A copy each time: the module-level queryset must never keep (and serve) its rows.
        return self.queryset.all()


# Each object loads only the slug its address is built from (a source has its whole text).
SITEMAPS = {
    "pages": PageSitemap(),
    "factories": ObjectSitemap(AIFactory.objects.only("slug").order_by("slug")),
    "countries": ObjectSitemap(Country.objects.order_by("code")),
    "organisations": ObjectSitemap(Organisation.objects.only("slug").order_by("slug")),
    "supercomputers": ObjectSitemap(Supercomputer.objects.only("slug").order_by("slug")),
    "selection-rounds": ObjectSitemap(SelectionRound.objects.only("slug").order_by("slug")),
    "programmes": ObjectSitemap(Programme.objects.only("slug").order_by("slug")),
    "sources": ObjectSitemap(Source.objects.only("slug").order_by("slug")),
}
