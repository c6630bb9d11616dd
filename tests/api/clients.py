"""API clients for the tests: anonymous, a token user outside the editors group, an editor."""

from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def token_client(username="reader", editor=False):
    user = User.objects.create_user(username=username, password="not-used-here")
    if editor:
        group, _ = Group.objects.get_or_create(name="editors")
        user.groups.add(group)
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def editor_client():
    return token_client("editor", editor=True)


def if_match(client, url):
    """The If-Match header of a write based on the object as a GET of `url` shows it now."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {"HTTP_IF_MATCH": response["ETag"]}


def evidence(source, *field_names, quote="hosted in Exampleville", **fields):
    """Citations for a write's body: `quote` from `source` for each field named."""
    return [
        {"field_name": name, "source": source.slug, "quote": quote, "stated_value": "as stated"}
        | fields
        for name in field_names
    ]
