"""`{{ user|public_name }}`: an editor as public pages and the history name them."""

from django import template

from changes import models

register = template.Library()


@register.filter
def public_name(user):
    return models.public_name(user)
