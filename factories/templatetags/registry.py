"""Template filters for the registry's pages: amounts of money as the sources state them."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def eur(amount):
    """An amount in EUR million as a reader writes it: €556 million, €1.5 billion."""
    if amount is None:
        return "unknown"
    amount = Decimal(amount)
    if amount >= 1000:
        return f"€{(amount / 1000).normalize():f} billion"
    return f"€{amount.normalize():f} million"


@register.filter
def stated_amount(obj):
    """An amount with its qualifier: “at least €556 million”, or “unknown”, never 0."""
    if obj.qualifier == "unknown" or obj.amount_eur_million is None:
        return "unknown"
    text = eur(obj.amount_eur_million)
    return f"at least {text}" if obj.qualifier == "at_least" else text


@register.filter
def filter_errors(filterset):
    """A FilterSet's errors as (label, message) pairs, labelled as the reader sees the field."""
    pairs = []
    for name, messages in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = str(field.label) if field and field.label else name.replace("_", " ").capitalize()
        pairs.extend((label, message) for message in messages)
    return pairs
