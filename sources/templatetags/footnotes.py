"""A fact's footnote numbers, and its other versions, from a page's `Footnotes`."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/footnote_refs.html")
def notes(footnotes, evidence):
    """`{% notes footnotes factory.evidence.name %}`: the numbers of the passages behind a fact,
    a “sources differ” mark that opens the other versions, and earlier values since replaced."""
    return {"refs": footnotes.refs(evidence), "evidence": evidence}


@register.simple_tag
def stated_by(obj, field_name):
    """`{% stated_by budget "amount_eur_million" as citation %}`: the first accepted citation of
    one field of an object, from its prefetched citations (a list's row links a figure to the
    passage that states it without evidence built by the view), or None."""
    for citation in obj.citations.all():
        if citation.field_name == field_name and citation.is_accepted:
            return citation
    return None
