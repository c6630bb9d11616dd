"""Template filters for the registry's pages (amounts of money: each model's `display_amount`)."""

from django import template

register = template.Library()


@register.filter
def filter_errors(filterset):
    """A FilterSet's errors as (label, message) pairs, labelled as the reader sees the field."""
    pairs = []
    for name, messages in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = str(field.label) if field and field.label else name.replace("_", " ").capitalize()
        pairs.extend((label, message) for message in messages)
    return pairs
