"""An editor edits a factory in the admin, sees it on the public page and in the API, reverts it."""

import json
import re

from factories.models import AIFactory
from sources.models import Source
from tests.changes.editors import PASSWORD, make_editor

NEW_SUMMARY = (
    "The AI Factory in Kajaani, Finland, set up so that businesses in Kajaani can leverage "
    "the opportunities provided by the AI factory."
)
QUOTE = (
    "The aim of the project is to ensure that the business sector in Kajaani can leverage the "
    "opportunities provided by the AI factory"
)
CITATIONS = "sources-citation-content_type-object_id"


def test_an_editor_changes_a_factory_cites_it_and_reverts_it(page, live_registry, screenshots_dir):
    base = live_registry.url
    # Public pages name an editor by their public name, never by their login.
    public_name = f"Editor {make_editor('ana').pk}"
    lumi = AIFactory.objects.get(slug="lumi-ai-factory")
    old_summary = lumi.summary
    source = Source.objects.get(slug="kajaani-ai-factory-project")

    # Log in as an editor: a staff account in the editors group, not a superuser.
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.locator("#site-name").is_visible()

    # Change the description and cite it, on the factory's own page.
    page.goto(f"{base}/admin/factories/aifactory/{lumi.pk}/change/")
    page.fill("#id_summary", NEW_SUMMARY)
    new = page.input_value(f"#id_{CITATIONS}-INITIAL_FORMS")
    page.select_option(f"#id_{CITATIONS}-{new}-field_name", "summary")
    page.select_option(f"#id_{CITATIONS}-{new}-source", str(source.pk))
    page.fill(f"#id_{CITATIONS}-{new}-quote", QUOTE)
    page.fill(
        f"#id_{CITATIONS}-{new}-stated_value", "Businesses in Kajaani leverage the AI factory"
    )
    page.screenshot(path=screenshots_dir / "admin-factory-edit.png", full_page=True)
    page.click("input[name=_save]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    # The public page shows the new description and the quote behind it.
    page.goto(f"{base}/factories/lumi-ai-factory/")
    # The summary, then the number of the note that quotes its passage.
    assert lead_text(page) == NEW_SUMMARY
    note = page.locator("p.lead sup.refs a").first.get_attribute("href")
    assert QUOTE in page.locator(f"li{note}").inner_text()

    # So does the API.
    detail = page.request.get(f"{base}/api/v1/factories/lumi-ai-factory/")
    assert detail.ok
    data = detail.json()
    assert data["summary"] == NEW_SUMMARY
    assert QUOTE in json.dumps(data, ensure_ascii=False)

    # The public list of changes says what changed and who changed it.
    page.goto(f"{base}/changes/")
    changes = page.locator(".change").all_inner_texts()
    summary_change = next(c for c in changes if "LUMI AI Factory: summary changed" in c)
    assert "from “The AI Factory in Finland" in summary_change
    assert f"citing {source.title} (“The aim of the project" in summary_change
    assert f"by {public_name}" in summary_change and "by ana" not in summary_change
    # One write, one entry: the old summary's evidence is told as superseded in the same line.
    assert "citation for summary from" in summary_change
    assert "superseded by new evidence" in summary_change

    # Revert the description from the history, in one action.
    loaded = lumi.history.earliest()
    page.goto(f"{base}/admin/factories/aifactory/{lumi.pk}/history/")
    page.click(f"a[href$='/history/{loaded.history_id}/']")
    assert page.input_value("#id_summary") == old_summary
    page.click("input[name=_save][value=Revert]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(f"{base}/factories/lumi-ai-factory/")
    assert lead_text(page) == old_summary
    assert page.request.get(f"{base}/api/v1/factories/lumi-ai-factory/").json()["summary"] == (
        old_summary
    )

    # The revert is itself a recorded change, by the editor, with its reason.
    page.goto(f"{base}/changes/")
    newest = page.locator(".change").first.inner_text()
    assert "LUMI AI Factory: summary changed from “The AI Factory in Kajaani" in newest
    assert f"by {public_name} · Reverted to the version of" in newest
    assert "citing" not in newest  # the new quote supports the reverted text, not the old one
    page.screenshot(path=screenshots_dir / "changes.png", full_page=True)
    assert lumi.history.latest().history_user.username == "ana"


def lead_text(page):
    """The factory's summary as a reader reads it, without its note numbers."""
    return re.sub(r"(\[\d+\])+$", "", page.locator("p.lead").inner_text()).strip()
