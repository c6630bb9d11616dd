"""The sitemap: every public page a search engine or an archive should find."""

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
    """The pages of one kind of object, each at its `get_absolute_url`."""

    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset

    def items(self):
        return self.queryset


SITEMAPS = {
    "pages": PageSitemap(),
    "factories": ObjectSitemap(AIFactory.objects.order_by("slug")),
    "countries": ObjectSitemap(Country.objects.order_by("code")),
    "organisations": ObjectSitemap(Organisation.objects.order_by("slug")),
    "supercomputers": ObjectSitemap(Supercomputer.objects.order_by("slug")),
    "selection-rounds": ObjectSitemap(SelectionRound.objects.order_by("slug")),
    "programmes": ObjectSitemap(Programme.objects.order_by("slug")),
    "sources": ObjectSitemap(Source.objects.order_by("slug")),
}
