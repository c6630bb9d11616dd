"""An editor adds a factory's partnership in the admin: refused without evidence, published with it."""

import re

from playwright.sync_api import expect

from consortia.models import Partnership
from tests.builders import make_factory, make_organisation, make_source
from tests.changes.editors import PASSWORD, make_editor

ORGANISATION = "Kajaani University of Applied Sciences"
SOURCE_TEXT = (
    "Kajaani University of Applied Sciences joins the AI Factory as a partner. "
    "It will train the region's companies in the use of AI."
)
QUOTE = "Kajaani University of Applied Sciences joins the AI Factory as a partner."
EVIDENCE = "Evidence: a verbatim passage from a source for each field"


def refusal(field):
    return (
        f"A new {field} needs new evidence: add an accepted citation for “{field}” "
        "quoting the passage that states it."
    )


def cell(row, field_name):
    """The cell of a citation row that holds one field (Django names each after its field)."""
    return row.locator(f"td.field-{field_name}")


def cite(row, field_name, source_title, stated_value):
    cell(row, "field_name").get_by_role("combobox").select_option(field_name)
    cell(row, "source").get_by_role("combobox").select_option(label=source_title)
    cell(row, "quote").get_by_role("textbox").fill(QUOTE)
    cell(row, "stated_value").get_by_role("textbox").fill(stated_value)
    cell(row, "is_accepted").get_by_role("checkbox").check()


def test_a_partnership_is_refused_without_evidence_and_published_with_it(
    page, live_server, transactional_db, screenshots_dir
):
    base = live_server.url
    make_editor("ana")
    factory = make_factory(name="Kajaani AI Factory")
    make_organisation(name=ORGANISATION)
    source = make_source(title="Kajaani joins the AI Factory", archived_text=SOURCE_TEXT)
    factory_admin = f"{base}/admin/factories/aifactory/{factory.pk}/change/"

    page.goto(f"{base}/admin/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # From the factory's page to the partnership's own page, which knows its factory.
    page.goto(factory_admin)
    page.get_by_role("link", name="Add a partnership, with its evidence").click()
    page.wait_for_url(re.compile(rf"/admin/consortia/partnership/add/\?factory={factory.pk}$"))
    assert page.locator(".field-factory").get_by_role("combobox").inner_text().strip() == (
        factory.name
    )

    # The organisation is an autocomplete: open it, type part of the name, choose it.
    page.locator(".field-organisation").get_by_role("combobox").click()
    page.keyboard.type("Kajaani")
    expect(page.get_by_role("option", name=ORGANISATION)).to_be_visible()
    page.keyboard.press("Enter")
    page.get_by_label("Role").select_option(label="Partner")

    # Saved without a citation: refused, above the citation rows, and nothing is saved.
    page.get_by_role("button", name="Save", exact=True).click()
    evidence = page.get_by_role("group", name=EVIDENCE)
    for field in ["organisation", "role"]:
        message = evidence.get_by_text(refusal(field))
        expect(message).to_be_visible()
        assert message.bounding_box()["y"] < evidence.get_by_role("table").bounding_box()["y"]
    page.screenshot(path=screenshots_dir / "admin-partnership-refused.png", full_page=True)
    assert not Partnership.objects.exists()
    # What the editor chose is still on the form.
    assert page.locator(".field-organisation").get_by_role("combobox").inner_text().strip() == (
        ORGANISATION
    )
    assert page.get_by_label("Role").input_value() == "partner"

    # One citation row for each fact, the second added with the inline's button.
    rows = evidence.get_by_role("row").filter(has=page.get_by_role("textbox"))
    expect(rows).to_have_count(1)
    cite(rows.nth(0), "organisation", source.title, ORGANISATION)
    evidence.get_by_role("button", name=re.compile(r"^Add another citation", re.I)).click()
    expect(rows).to_have_count(2)
    cite(rows.nth(1), "role", source.title, "Partner")
    page.get_by_role("button", name="Save", exact=True).click()

    # Back on the factory's page, which lists the new partnership.
    page.wait_for_url(factory_admin)
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    partnerships = page.get_by_role("group", name="Partnerships")
    expect(partnerships.get_by_text(f"{ORGANISATION} – Partner of {factory.name}")).to_be_visible()
    partnership = Partnership.objects.get()
    assert sorted(
        partnership.citations.filter(is_accepted=True).values_list("field_name", flat=True)
    ) == ["organisation", "role"]

    # The public page shows the partner and the passage that says so.
    page.goto(f"{base}{factory.get_absolute_url()}")
    partner = page.get_by_role("definition").filter(has_text=ORGANISATION)
    expect(partner.get_by_text(ORGANISATION, exact=True)).to_be_visible()
    # Its note number leads to the passage, quoted once in the page's notes.
    note = partner.locator("sup.refs a").first.get_attribute("href")
    expect(page.locator(f"li{note}")).to_contain_text(QUOTE)
