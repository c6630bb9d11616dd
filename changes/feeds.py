"""The Atom feed of recent changes, for readers who follow the registry."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import selectors

FEED_SIZE = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "AI Factories Registry: recent changes"
    subtitle = "Every edit to the registry's facts and citations, with who made it and when."

    def link(self):
        return reverse("changes:change-list")

    def items(self):
        return selectors.recent_changes(FEED_SIZE)

    def item_title(self, change):
        return change.sentence

    def item_description(self, change):
        # Atom's summary is `type="html"`: the text is escaped, so markup or an entity in a
        # name or a quote reads as written, never as live markup.
        reason = f" {change.reason}." if change.reason else ""
        return escape(f"{change.sentence}. Changed by {change.who}.{reason}")

    def item_link(self, change):
        return f"{reverse('changes:change-list')}#{change.anchor}"

    def item_guid(self, change):
        return f"{self.link()}#{change.anchor}"

    item_guid_is_permalink = False

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # An Atom entry's id is an absolute IRI: the change's anchor on this site's list.
        for item in feed.items:
            item["unique_id"] = request.build_absolute_uri(item["unique_id"])
        return feed

    def item_pubdate(self, change):
        return change.when

    def item_updateddate(self, change):
        return change.when

    def item_author_name(self, change):
        return change.who
