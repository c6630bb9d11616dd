"""Reading the registry in a real browser: the infobox, a note's round trip to its passage and
back, the map's links and the search's synonyms (issue 12)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

FACTORY = "/factories/lumi-ai-factory/"
NARROW, WIDE = 375, 1440


def box(locator):
    found = locator.bounding_box()
    assert found, f"{locator} is not rendered"
    return found


def in_viewport(locator):
    return locator.evaluate(
        """element => {
            const r = element.getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
        }"""
    )


def axe_violations(page):
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]]


def test_the_infobox_sits_beside_the_lead_when_wide_and_above_it_when_narrow(page, live_registry):
    page.goto(live_registry.url + FACTORY)
    infobox = page.get_by_role("complementary", name="LUMI AI Factory at a glance")
    lead = page.locator("p.lead")
    assert infobox.is_visible() and in_viewport(infobox)
    assert "at least €556 million" in infobox.inner_text()
    assert infobox.locator(".badge--low").first.is_visible()

    wide_box, wide_lead = box(infobox), box(lead)
    # The lead's box runs under the floated infobox; its text flows beside it, at the same height.
    assert wide_box["x"] > wide_lead["x"] + WIDE / 3, "the infobox is beside the lead"
    assert wide_box["width"] < WIDE / 2
    assert wide_box["y"] <= wide_lead["y"] < wide_box["y"] + wide_box["height"]

    page.set_viewport_size({"width": NARROW, "height": 800})
    narrow_box, narrow_lead = box(infobox), box(lead)
    assert narrow_box["y"] + narrow_box["height"] <= narrow_lead["y"] + 1, "stacked above the lead"
    assert narrow_box["width"] <= NARROW
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW


def test_a_note_leads_to_its_passage_and_the_passage_back_to_its_facts(page, live_registry):
    page.goto(live_registry.url + FACTORY)
    budget = page.locator(".infobox dd").filter(has_text="€556 million")
    budget.locator("sup.refs a").first.click()

    note = page.locator(".notes li:target")
    note.wait_for()
    assert in_viewport(note)
    assert "556" in note.locator("q").inner_text()
    assert note.locator(".badge--low").is_visible()

    note.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/sources/[\w-]+/#passage-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    passage = page.locator(":target")
    assert passage.get_attribute("id") == anchor
    assert in_viewport(passage)
    highlight = passage.locator("a.cited-passage, a.backlink").first
    assert highlight.is_visible()
    assert "556" in passage.inner_text()

    highlight.click()
    page.wait_for_url(re.compile(r"#citation-\d+$"))
    fact = page.locator(":target")
    assert fact.get_attribute("id") == page.url.rsplit("#", 1)[1]
    assert in_viewport(fact)
    assert "556" in fact.inner_text()
    # The fact is listed under the factory the note was on, with a link to it.
    heading = fact.locator("xpath=../preceding-sibling::h3[1]")
    assert "LUMI AI Factory" in heading.inner_text()
    heading.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/factories/lumi-ai-factory/"))


def click_inside(page, link):
    """Click a point of the map where the link itself is on top, as a reader's pointer would."""
    link.scroll_into_view_if_needed()
    point = link.evaluate(
        """link => {
            const r = link.getBoundingClientRect();
            for (let fy = 0.025; fy < 1; fy += 0.05) {
                for (let fx = 0.025; fx < 1; fx += 0.05) {
                    const x = r.left + r.width * fx, y = r.top + r.height * fy;
                    const hit = document.elementFromPoint(x, y);
                    if (hit && hit.closest("a") === link) return {x, y};
                }
            }
            return null;
        }"""
    )
    assert point, "no point of the link is on top"
    page.mouse.click(point["x"], point["y"])


def test_a_state_on_the_home_page_map_opens_its_country_page(page, live_registry):
    page.goto(live_registry.url + "/")
    click_inside(page, page.locator("svg.map").get_by_role("link", name="Denmark", exact=True))
    page.wait_for_url(re.compile(r"/countries/dk/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Denmark"

    page.goto(live_registry.url + "/")
    click_inside(page, page.locator("svg.map").get_by_role("link", name=re.compile(r"^MIMER, ")))
    page.wait_for_url(re.compile(r"/factories/mimer/$"))


@pytest.mark.parametrize(
    ("query", "found"),
    [("Czech Republic", "Czechia"), ("Linkoping", "MIMER"), ("Turkey", "Türkiye")],
)
def test_the_site_search_forgives_other_names_and_missing_accents(
    query, found, page, live_registry
):
    page.goto(live_registry.url + "/")
    page.get_by_role("searchbox", name="Search the registry").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("main h3 a, main li > a:first-child").all_inner_texts()
    assert found in results, results
    if query == "Linkoping":
        assert "Linköping" in page.locator("main").inner_text()


def test_the_pages_of_this_issue_have_no_axe_violation(page, live_registry):
    """The pages test_pages.py does not already visit: a source's passage targeted, a factory's
    note targeted, and the synonym searches."""
    problems = []
    for path in [
        FACTORY + "#notes-heading",
        "/search/?q=Czech+Republic",
        "/search/?q=Turkey",
        "/organisations/",
    ]:
        for width in (WIDE, NARROW):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(live_registry.url + path)
            problems += [f"{path} at {width} px: {v}" for v in axe_violations(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [FACTORY, "/sources/europes-ai-revolution-2-3-billion/"])
def test_a_long_page_lists_its_sections_and_each_entry_leads_to_one(path, page, live_registry):
    page.goto(live_registry.url + path)
    toc = page.get_by_role("navigation", name="On this page")
    links = toc.get_by_role("link")
    headings = page.locator("main h2:not(.infobox__title)").all_inner_texts()
    assert links.all_inner_texts() == headings
    links.last.click()
    target = page.locator(":target")
    assert target.inner_text() == headings[-1]
    assert in_viewport(target)
