"""An editor adds a press release and records what it says by selecting its passages."""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from consortia.models import Partnership
from funding.models import Budget
from sources.models import Source
from tests.builders import make_budget, make_citation, make_factory, make_organisation, make_source
from tests.changes.editors import PASSWORD, make_editor

FACTORY = "Kajaani AI Factory"
ORGANISATION = "Kajaani University of Applied Sciences"
OLD_QUOTE = "Its budget is €42 million."
PARTNER_QUOTE = f"{ORGANISATION} joins the {FACTORY} as a partner."
BUDGET_QUOTE = "The factory's budget rises to €60 million."
PRESS_RELEASE = (
    f"{FACTORY} grows\n\n"
    f"{PARTNER_QUOTE} {BUDGET_QUOTE} "
    "The new partner will train the region's companies in the use of AI."
)
CITE_VIEW = re.compile(r"/admin/sources/source/(\d+)/cite/$")
SCREENSHOT_WIDTH = 1440


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """New documents are archived in a folder of the test's own, not the registry's."""
    settings.SOURCE_ARCHIVE_DIR = tmp_path / "archive"
    return settings.SOURCE_ARCHIVE_DIR


def axe_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def select_with_mouse(page, passage):
    """Drag the mouse across the passage, from its last character back to its first.

    Backwards, because in Chromium a forward drag that starts on the first character of a
    focusable passage that does not begin its line selects nothing (the press lands just
    before the span and focusing the span drops that selection).
    """
    start, end = passage.evaluate(
        """span => {
            const rects = span.getClientRects();
            const first = rects[0], last = rects[rects.length - 1];
            return [
                {x: last.right - 1, y: last.top + last.height / 2},
                {x: first.left + 1, y: first.top + first.height / 2},
            ];
        }"""
    )
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(end["x"], end["y"], steps=5)
    page.mouse.up()


def tab_to(page, element_id, limit=80):
    """Press Tab until the element with this id has the focus; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never took the focus in {limit} presses of Tab")


def choose(page, field_name, typed, option):
    """Choose an option of an autocomplete (select2) by typing part of it."""
    page.locator(f".field-{field_name}").get_by_role("combobox").click()
    page.keyboard.type(typed)
    results = page.locator(".select2-results")
    expect(results.get_by_role("option", name=option, exact=True)).to_be_visible()
    page.keyboard.press("Enter")


def evidence_rows(page):
    evidence = page.get_by_role("group", name=re.compile("^Evidence", re.I))
    return evidence.get_by_role("row").filter(has=page.get_by_role("textbox"))


def cell(row, field_name):
    return row.locator(f"td.field-{field_name}")


def test_an_editor_records_a_press_release_by_selecting_its_passages(
    page, live_server, transactional_db, screenshots_dir
):
    base = live_server.url
    make_editor("ana")
    factory = make_factory(name=FACTORY)
    make_organisation(name=ORGANISATION)
    old_source = make_source(
        title="Kajaani is selected",
        archived_text=f"The {FACTORY} will be hosted in Kajaani. {OLD_QUOTE}",
    )
    budget = make_budget(factory, amount=Decimal("42"))
    for field_name, stated in [("amount_eur_million", "€42 million"), ("qualifier", "exact")]:
        make_citation(budget, field_name, source=old_source, quote=OLD_QUOTE, stated_value=stated)

    page.goto(f"{base}/admin/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # The press release, pasted; saving it opens it ready to cite.
    page.goto(f"{base}/admin/sources/source/add/")
    page.get_by_label("Title").fill(f"{FACTORY} grows")
    page.get_by_label("Publisher").fill("Kajaani AI Factory consortium")
    page.get_by_label("Kind").select_option(label="Agency news page")
    page.get_by_label("Published on").fill("2025-06-02")
    page.get_by_label("Reliability:", exact=True).select_option(label="High")
    page.get_by_label("Reliability note").fill("The consortium's own announcement.")
    page.get_by_label("Document text (paste it here)").fill(PRESS_RELEASE)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(CITE_VIEW)
    source = Source.objects.get(title=f"{FACTORY} grows")
    cite_view = page.url
    expect(page.get_by_role("heading", name="The document, as a reader sees it")).to_be_visible()
    uncited = page.locator("ol.uncited")
    expect(uncited.get_by_role("link", name=PARTNER_QUOTE)).to_be_visible()
    expect(uncited.get_by_role("link", name=BUDGET_QUOTE)).to_be_visible()

    quote = page.get_by_label("Quote")
    check = page.locator("#quote-check")

    # (1) The partner's passage, selected with the mouse, becomes a new partnership.
    select_with_mouse(page, page.locator(".passage", has_text=PARTNER_QUOTE))
    expect(quote).to_have_value(PARTNER_QUOTE)
    expect(check).to_have_text("The quote occurs in the document.")
    page.get_by_label("New fact of kind").select_option(label="Partnership")
    page.get_by_role(
        "button", name="Create a new fact of the chosen kind from this passage…"
    ).click()
    page.wait_for_url(re.compile(r"/admin/consortia/partnership/add/\?"))
    rows = evidence_rows(page)
    expect(rows).to_have_count(2)
    for row, field_name, stated in [
        (rows.nth(0), "organisation", ORGANISATION),
        (rows.nth(1), "role", "partner"),
    ]:
        expect(cell(row, "field_name").get_by_role("combobox")).to_have_value(field_name)
        expect(cell(row, "source").get_by_role("combobox")).to_have_value(str(source.pk))
        expect(cell(row, "quote").get_by_role("textbox")).to_have_value(PARTNER_QUOTE)
        expect(cell(row, "is_accepted").get_by_role("checkbox")).to_be_checked()
        cell(row, "stated_value").get_by_role("textbox").fill(stated)
    choose(page, "factory", "Kajaani AI", FACTORY)
    choose(page, "organisation", "Applied", ORGANISATION)
    page.get_by_label("Role").select_option(label="Partner")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/factories/aifactory/{factory.pk}/change/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    partnership = Partnership.objects.get()
    assert (partnership.factory, partnership.organisation.name, partnership.role) == (
        factory,
        ORGANISATION,
        "partner",
    )
    assert sorted(partnership.citations.values_list("field_name", "quote", "is_accepted")) == [
        ("organisation", PARTNER_QUOTE, True),
        ("role", PARTNER_QUOTE, True),
    ]

    # Back in the document, the partner's passage is marked as cited, and says for what.
    page.goto(cite_view)
    partner_passage = page.locator(".passage", has_text=PARTNER_QUOTE)
    expect(partner_passage).to_have_class(re.compile(r"\bpassage--cited\b"))
    expect(partner_passage).to_have_attribute("title", re.compile(rf"^Cited for: .*{ORGANISATION}"))
    expect(uncited.get_by_role("link", name=PARTNER_QUOTE)).to_have_count(0)

    # (2) The budget's passage, reached and chosen with the keyboard only, changes the budget.
    budget_passage = page.locator(".passage", has_text=BUDGET_QUOTE)
    tab_to(page, budget_passage.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(quote).to_have_value(BUDGET_QUOTE)
    expect(quote).to_be_focused()
    expect(check).to_have_text("The quote occurs in the document.")
    page.get_by_label("Fact", exact=True).select_option(label=f"{FACTORY} — budget amount")
    page.get_by_label("Stated value").fill("€60 million")

    # No accessibility violation on the cite view, and its picture for the README.
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    page.set_viewport_size({"width": SCREENSHOT_WIDTH, "height": 900})
    # Into screenshots/ like every other: docs/screenshots/cite.png is a copy made by hand.
    page.screenshot(path=screenshots_dir / "cite.png", full_page=True)
    page.get_by_role("button", name="Change the chosen fact's value with this passage…").press(
        "Enter"
    )
    page.wait_for_url(re.compile(rf"/admin/funding/budget/{budget.pk}/change/\?"))
    rows = evidence_rows(page)
    # The two passages of the old source, and new rows for the amount and the qualifier: they
    # read as one (“at least €42 million”), so both need the new passage.
    expect(rows).to_have_count(4)
    for new_row, field_name in ((rows.nth(2), "amount_eur_million"), (rows.nth(3), "qualifier")):
        expect(cell(new_row, "field_name").get_by_role("combobox")).to_have_value(field_name)
        expect(cell(new_row, "quote").get_by_role("textbox")).to_have_value(BUDGET_QUOTE)
        expect(cell(new_row, "stated_value").get_by_role("textbox")).to_have_value("€60 million")
    page.locator(".field-amount_eur_million").get_by_role("spinbutton").fill("60")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/admin/factories/aifactory/{factory.pk}/change/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    budget = Budget.objects.get()
    assert budget.amount_eur_million == Decimal("60")
    old = budget.citations.get(field_name="amount_eur_million", quote=OLD_QUOTE)
    assert (old.is_accepted, old.superseded_at is not None) == (False, True)
    # The qualifier changes with the amount: its new passage is accepted, the old superseded.
    assert budget.citations.get(field_name="qualifier", is_accepted=True).quote == BUDGET_QUOTE

    # (3) The public page: the new partner and the new budget with their passages, and the
    # old budget passage still on record as a version the registry no longer accepts.
    page.goto(f"{base}{factory.get_absolute_url()}")
    partner = page.get_by_role("definition").filter(has_text=ORGANISATION)
    expect(partner.get_by_text(ORGANISATION, exact=True)).to_be_visible()
    partner_note = page.locator(f"li{partner.locator('sup.refs a').first.get_attribute('href')}")
    expect(partner_note.locator("q")).to_have_text(PARTNER_QUOTE)
    expect(partner_note.get_by_role("link", name=source.title)).to_be_visible()
    budget_fact = page.locator(".facts").get_by_role("definition").filter(has_text="€60 million")
    expect(budget_fact.locator(".value")).to_have_text("€60 million")
    budget_note = page.locator(f"li{budget_fact.locator('sup.refs a').first.get_attribute('href')}")
    expect(budget_note.locator("q")).to_have_text(BUDGET_QUOTE)
    expect(budget_note.get_by_role("link", name=source.title)).to_be_visible()
    # The old value's passage is on record behind its own mark, not as sources differing.
    earlier = budget_fact.locator("details.superseded").first
    earlier.locator("summary").click()
    superseded = earlier.locator("li", has_text=OLD_QUOTE)
    expect(superseded).to_contain_text("“€42 million”")
    expect(superseded).to_contain_text("replaced on")
    expect(superseded.get_by_role("link", name=old_source.title)).to_be_visible()
    page.screenshot(path=screenshots_dir / "citing-factory.png", full_page=True)

    # The old source's page keeps the passage, as a version the registry does not accept.
    page.goto(f"{base}{old_source.get_absolute_url()}")
    old_version = page.locator(".evidence li", has_text="Amount: “€42 million”")
    expect(old_version).to_contain_text("“€42 million”")
    expect(old_version.locator("q")).to_have_text(OLD_QUOTE)
