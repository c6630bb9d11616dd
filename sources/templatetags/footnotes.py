"""A fact's footnote numbers, and its other versions, from a page's `Footnotes`."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/footnote_refs.html")
def notes(footnotes, evidence):
    """`{% notes footnotes factory.evidence.name %}`: the numbers of the passages behind a fact,
    a “sources differ” mark that opens the other versions, and earlier values since replaced."""
    return {"refs": footnotes.refs(evidence), "evidence": evidence}
