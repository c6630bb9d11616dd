"""Each editor's public name: “Editor N” by default, chosen by them or by `createeditor`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from changes.models import EditorProfile
from tests.builders import make_factory
from tests.changes.editors import PASSWORD, admin_url, make_editor

pytestmark = pytest.mark.django_db


def edit_summary(user, factory, summary):
    factory.summary = summary
    factory._history_user = user
    factory.save()


def test_an_editor_is_editor_n_on_the_changes_and_in_the_feed_never_their_login(client):
    ana = make_editor("ana.login")
    edit_summary(ana, make_factory(name="MIMER"), "Changed.")
    for url in ["/changes/", "/changes/feed/"]:
        content = client.get(url).content.decode()
        assert f"Editor {ana.pk}" in content, url
        assert "ana.login" not in content, url


def test_createeditor_sets_the_public_name(client):
    call_command("createeditor", "ben", password=PASSWORD, display_name="Ben S.", stdout=StringIO())
    ben = get_user_model().objects.get(username="ben")
    assert ben.editor_profile.display_name == "Ben S."
    edit_summary(ben, make_factory(name="MIMER"), "Changed.")
    feed = client.get("/changes/feed/").content.decode()
    assert "<name>Ben S.</name>" in feed
    assert ">ben<" not in feed and "by ben" not in client.get("/changes/").content.decode()


def test_an_editor_changes_their_own_public_name_and_no_one_elses(client):
    cleo = make_editor("cleo")
    other = make_editor("dan")
    EditorProfile.objects.filter(user=other).update(display_name="Dan")
    client.force_login(cleo)

    index = client.get("/admin/").content.decode()
    assert "Every fact needs its evidence" in index
    assert "AI Factories Registry" in index
    response = client.get("/admin/changes/editorprofile/mine/")
    profile = EditorProfile.objects.get(user=cleo)
    assert response.status_code == 302
    assert response["Location"] == admin_url("changes.editorprofile", "change", profile.pk)
    response = client.post(response["Location"], {"display_name": "Cleo from Lyon"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.public_name == "Cleo from Lyon"
    dan = EditorProfile.objects.get(user=other)
    url = admin_url("changes.editorprofile", "change", dan.pk)
    assert client.post(url, {"display_name": "Hacked"}).status_code in {302, 403, 404}
    dan.refresh_from_db()
    assert dan.display_name == "Dan"


def test_the_history_page_names_the_editor_without_a_link_they_cannot_follow(editor_client):
    editor = get_user_model().objects.get(username="editor")
    factory = make_factory(name="MIMER")
    edit_summary(editor, factory, "Changed.")
    page = editor_client.get(admin_url("factories.aifactory", "history", factory.pk))
    content = page.content.decode()
    assert f"Editor {editor.pk}" in content
    assert "/admin/auth/user/" not in content
