"""Every change is recorded with who and what; the admin reverts a version in one action."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from factories.models import AIFactory
from funding.models import Budget
from sources.models import recorded_models
from tests.api.clients import editor_client as api_editor_client
from tests.api.clients import evidence, if_match
from tests.builders import make_citation, make_factory, make_source
from tests.changes.editors import PASSWORD, admin_url, changeform_data, cite, make_editor

pytestmark = pytest.mark.django_db


def edit_factory(client, factory, **changes):
    """Save the factory's page with `changes`, each new value with a passage that states it."""
    response = client.get(admin_url("factories.aifactory", "change", factory.pk))
    data = {**changeform_data(response), **changes}
    for field_name in changes:
        cite(data, field_name, make_source())
    response = client.post(admin_url("factories.aifactory", "change", factory.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_an_edit_of_a_loaded_fact_keeps_the_version_before_it(registry, editor_client):
    lumi = AIFactory.objects.get(slug="lumi-ai-factory")
    original = lumi.summary
    assert not lumi.history.exists()  # fixtures are loaded raw, unrecorded

    edit_factory(editor_client, lumi, summary="A new summary.")

    newest, before = lumi.history.all()
    assert (newest.summary, newest.history_type, newest.history_user.username) == (
        "A new summary.",
        "~",
        "editor",
    )
    assert (before.summary, before.history_user) == (original, None)
    assert newest.diff_against(before).changed_fields == ["summary"]


def test_saving_a_page_without_a_change_records_no_version(editor_client):
    factory = make_factory()
    edit_factory(editor_client, factory)
    assert list(factory.history.values_list("history_type", flat=True)) == ["+"]


def test_the_history_page_shows_who_changed_what(editor_client):
    factory = make_factory(summary="The first summary.")
    edit_factory(editor_client, factory, summary="The second summary.")
    response = editor_client.get(admin_url("factories.aifactory", "history", factory.pk))
    page = response.content.decode()
    assert "editor" in page
    assert "The first summary." in page and "The second summary." in page


def test_a_version_is_reverted_in_one_action_and_the_revert_is_recorded(editor_client):
    factory = make_factory(summary="The first summary.")
    make_citation(factory, field_name="summary")  # restoring a value restores its evidence
    edit_factory(editor_client, factory, summary="A mistaken summary.")
    first = factory.history.earliest()

    url = admin_url("factories.aifactory", "simple_history", factory.pk, first.history_id)
    form = editor_client.get(url)
    assert "The first summary." in form.content.decode()
    response = editor_client.post(url, changeform_data(form))
    assert response.status_code == 302

    factory.refresh_from_db()
    assert factory.summary == "The first summary."
    revert = factory.history.latest()
    assert revert.history_type == "~"
    assert revert.history_user.username == "editor"
    assert revert.history_change_reason.startswith("Reverted to the version of ")
    assert factory.history.count() == 3


def test_a_change_through_the_orm_is_recorded_too():
    budget = Budget.objects.create(
        factory=make_factory(), amount_eur_million=Decimal("556"), qualifier="at_least"
    )
    budget.amount_eur_million = Decimal("600")
    budget.save()
    assert [h.amount_eur_million for h in budget.history.all()] == [Decimal("600"), Decimal("556")]


def test_the_editors_group_may_edit_the_registry_but_not_accounts():
    editor = make_editor()
    assert not editor.is_superuser
    assert editor.is_staff
    for permission in [
        "factories.add_aifactory",
        "factories.change_aifactory",
        "funding.change_budget",
        "funding.delete_budget",
        "consortia.add_membership",
        "sources.add_citation",
        "sources.change_citation",
        "sources.delete_source",
    ]:
        assert editor.has_perm(permission), permission
    for permission in [
        "factories.delete_aifactory",
        "consortia.delete_country",
        "auth.add_user",
        "auth.change_user",
        "auth.change_group",
        "authtoken.add_token",
        "authtoken.view_token",
    ]:
        assert not editor.has_perm(permission), permission


def test_an_editor_cannot_open_the_users_or_groups_pages(client):
    client.force_login(make_editor())
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/").status_code == 200


def test_an_editor_finds_every_kind_of_fact_on_the_admin_home(client):
    client.force_login(make_editor())
    page = client.get("/admin/").content.decode()
    for model in recorded_models():
        changelist = admin_url(model._meta.label_lower, "changelist")
        assert f'href="{changelist}"' in page, model._meta.verbose_name


def test_createeditor_makes_a_staff_account_in_the_editors_group():
    out = StringIO()
    call_command("createeditor", "ana", password=PASSWORD, email="ana@example.org", stdout=out)
    user = get_user_model().objects.get(username="ana")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["editors"]
    assert "Created editor “ana”" in out.getvalue()


def test_createeditor_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORD)
    call_command("createeditor", "ben", stdout=StringIO())
    assert get_user_model().objects.get(username="ben").check_password(PASSWORD)


def test_createeditor_asks_for_the_password(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    call_command("createeditor", "cleo", stdout=StringIO())
    assert get_user_model().objects.get(username="cleo").check_password(PASSWORD)


def test_createeditor_refuses_a_weak_password():
    with pytest.raises(CommandError, match="too short"):
        call_command("createeditor", "dan", password="abc", stdout=StringIO())
    assert not get_user_model().objects.filter(username="dan").exists()


def test_createeditor_makes_an_existing_user_an_editor():
    get_user_model().objects.create_user("eve", password="old password 12345")
    call_command("createeditor", "eve", password=PASSWORD, stdout=StringIO())
    eve = get_user_model().objects.get(username="eve")
    assert eve.is_staff and eve.groups.filter(name="editors").exists()
    assert Group.objects.get(name="editors").user_set.count() == 1


def test_a_change_through_the_api_is_recorded_with_its_editor(client):
    factory = make_factory(summary="Before.")
    api = api_editor_client()
    url = f"/api/v1/factories/{factory.slug}/"
    change = {"summary": "After.", "evidence": evidence(make_source(), "summary")}
    response = api.patch(url, change, format="json", **if_match(api, url))
    assert response.status_code == 200, response.content
    newest = factory.history.latest()
    assert (newest.summary, newest.history_user.username) == ("After.", "editor")
    assert "Factory" in client.get("/changes/").content.decode()
    assert "summary changed from “Before.” to “After.”" in client.get("/changes/").content.decode()


def test_a_flushed_database_gets_the_editors_group_back(transactional_db):
    call_command("flush", interactive=False, verbosity=0)
    editor = make_editor("after-flush")
    assert editor.has_perm("factories.change_aifactory")
    assert not editor.has_perm("auth.change_user")
