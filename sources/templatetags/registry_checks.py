"""The registry checks' outcome for the admin's index: editors see at once whether any fails."""

from django import template

from sources.checks import check_results

register = template.Library()


@register.simple_tag
def failing_registry_checks():
    """The checks that fail now, each with its failures."""
    return [result for result in check_results() if result.failures]
