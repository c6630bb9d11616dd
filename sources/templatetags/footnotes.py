"""A fact's footnote numbers, and its other versions, from a page's `Footnotes`."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def notes(footnotes, evidence):
    """`{% notes footnotes factory.evidence.name %}`: the numbers of the passages behind a fact,
    a “sources differ” mark that opens the other versions, and earlier values since replaced.

    Most facts have only accepted evidence: their numbers are written here rather than through
    a template (a factory page has forty facts); the others render includes/footnote_refs.html.
    """
    refs = footnotes.refs(evidence)
    if evidence and (evidence.differing or evidence.superseded):
        return render_to_string("includes/footnote_refs.html", {"refs": refs, "evidence": evidence})
    if not refs:
        return mark_safe('<span class="no-source">no source cited</span>\n')
    numbers = format_html_join(
        "",
        '<a href="#{}" aria-label="Source note {}">[{}]</a>',
        ((note.anchor, note.number, note.number) for note in refs),
    )
    return format_html('<sup class="refs">{}</sup>\n', numbers)


@register.simple_tag
def stated_by(obj, field_name):
    """`{% stated_by budget "amount_eur_million" as citation %}`: the first accepted citation of
    one field of an object, from its prefetched citations (a list's row links a figure to the
    passage that states it without evidence built by the view), or None."""
    for citation in obj.citations.all():
        if citation.field_name == field_name and citation.is_accepted:
            return citation
    return None


@register.simple_tag
def evidence_list(evidence):
    """`{% evidence_list budget.evidence.amount_eur_million %}`: includes/evidence.html, the
    sources behind one fact, written here in the common case (accepted evidence only) so that a
    page of fifty cited figures does not render fifty templates."""
    if not evidence or evidence.differing or evidence.superseded:
        return render_to_string("includes/evidence.html", {"evidence": evidence})
    items = format_html_join(
        "\n",
        '  <li><q>{}</q> — <a href="{}">{}</a>{}</li>',
        (
            (
                citation.quote,
                citation.passage_url(),
                citation.source.title,
                format_html('<span class="note">{}</span>', citation.note) if citation.note else "",
            )
            for citation in evidence.accepted
        ),
    )
    return format_html('\n<ul class="evidence" aria-label="Sources">\n{}\n</ul>\n', items)
