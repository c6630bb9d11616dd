"""Every public page in a real browser: axe, narrow and wide screenshots, navigation, filters, search."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "/",
    "factories": "/factories/",
    "factory": "/factories/lumi-ai-factory/",
    "factory-disputed": "/factories/pharos/",
    "countries": "/countries/",
    "country": "/countries/dk/",
    "funding": "/funding/",
    "sources": "/sources/",
    "source": "/sources/europes-ai-revolution-2-3-billion/",
    "search": "/search/?q=Denmark",
    "search-forgiving": "/search/?q=Linkoping",
    "organisations": "/organisations/",
    "organisation": "/organisations/naiss/",
    "supercomputers": "/supercomputers/",
    "supercomputer": "/supercomputers/daedalus/",
    "selection-round": "/selection-rounds/first-selection-2024/",
    "programme": "/funding/programmes/digital-europe/",
    "changes": "/changes/",
    "country-outside": "/countries/fr/",
    "country-interested": "/countries/cy/",
    "quality": "/quality/",
    "filter-error": "/factories/?infrastructure=castle",
    "not-found": "/factories/no-such-factory/",
}
STATUS = {"filter-error": 400, "not-found": 404}
NARROW, WIDE = 375, 1440


def axe_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_every_page_is_accessible_and_fits_narrow_and_wide_screens(
    page, live_registry, screenshots_dir
):
    problems = []
    for name, path in PAGES.items():
        page.set_viewport_size({"width": WIDE, "height": 900})
        response = page.goto(live_registry.url + path)
        if response.status != STATUS.get(name, 200):
            problems.append(f"{name}: status {response.status}")
        if not page.title().endswith("AI Factories Registry"):
            problems.append(f"{name}: title {page.title()!r}")
        problems += [f"{name}: {violation}" for violation in axe_violations(page)]
        page.screenshot(path=screenshots_dir / f"{name}-{WIDE}.png", full_page=True)

        page.set_viewport_size({"width": NARROW, "height": 800})
        page.reload()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW:
            problems.append(f"{name}: scrolls sideways at {NARROW} px ({scroll_width} px wide)")
        problems += [f"{name} at {NARROW} px: {v}" for v in axe_violations(page)]
        page.screenshot(path=screenshots_dir / f"{name}-{NARROW}.png", full_page=True)
    assert not problems, "\n".join(problems)
    assert (screenshots_dir / f"home-{WIDE}.png").stat().st_size > 10_000


def test_home_to_a_factory_to_a_member_state_and_back(page, live_registry):
    page.goto(live_registry.url + "/")
    page.get_by_role("link", name="LUMI AI Factory").first.click()
    page.wait_for_url(re.compile(r"/factories/lumi-ai-factory/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "LUMI AI Factory"
    assert page.get_by_text("at least €556 million").first.is_visible()

    page.get_by_role("link", name="Denmark", exact=True).first.click()
    page.wait_for_url(re.compile(r"/countries/dk/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Denmark"
    assert page.get_by_text("Denmark hosts no AI Factory.").is_visible()

    page.go_back()
    page.wait_for_url(re.compile(r"/factories/lumi-ai-factory/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "LUMI AI Factory"
    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "The EU's AI Factories"


def factory_rows(page):
    return page.locator("table tbody th[scope=row]").all_inner_texts()


def submit_factory_filter(page, label, option):
    page.get_by_label(label).select_option(label=option)
    page.get_by_role("button", name="Show factories").click()
    page.wait_for_load_state()


def test_each_factory_filter_and_sort(page, live_registry):
    base = live_registry.url + "/factories/"
    page.goto(base)
    assert len(factory_rows(page)) == 7

    submit_factory_filter(page, "Country (host or member)", "Denmark")
    assert "country=dk" in page.url
    assert factory_rows(page) == ["LUMI AI Factory"]

    page.goto(base)
    submit_factory_filter(page, "Infrastructure", "Upgrade of an existing supercomputer")
    assert factory_rows(page) == ["BSC AIF"]

    page.goto(base)
    submit_factory_filter(page, "Experimental platform", "With one")
    assert factory_rows(page) == ["BSC AIF", "LUMI AI Factory"]
    assert page.get_by_text("2 AI Factories match these filters").is_visible()

    page.goto(base)
    submit_factory_filter(page, "Sort by", "Budget, largest first")
    assert factory_rows(page)[0] == "LUMI AI Factory"
    assert factory_rows(page)[-1] == "MIMER"

    # The column headings sort too, keeping the filters in the URL.
    page.goto(base + "?experimental_platform=true")
    page.get_by_role("link", name="Host country").click()
    page.wait_for_load_state()
    assert factory_rows(page) == ["LUMI AI Factory", "BSC AIF"]  # Finland before Spain

    page.goto(base + "?infrastructure=castle")
    assert page.get_by_role("alert").is_visible()
    assert "castle is not one of the available choices" in page.get_by_role("alert").inner_text()


def test_country_and_source_filters(page, live_registry):
    page.goto(live_registry.url + "/countries/")
    page.get_by_label("Standing").select_option(label="EuroHPC Participating State")
    page.get_by_role("button", name="Show countries").click()
    page.wait_for_load_state()
    assert page.locator("table tbody th[scope=row]").all_inner_texts() == ["Norway", "Türkiye"]

    page.get_by_label("In a consortium").select_option(label="No")
    page.get_by_label("Standing").select_option(label="Any")
    page.get_by_role("button", name="Show countries").click()
    page.wait_for_load_state()
    assert page.locator("table tbody th[scope=row]").all_inner_texts() == ["Cyprus"]

    page.goto(live_registry.url + "/sources/")
    page.get_by_label("Reliability").select_option(label="Low")
    page.get_by_role("button", name="Show sources").click()
    page.wait_for_load_state()
    rows = page.locator("table tbody th[scope=row]").all_inner_texts()
    assert len(rows) == 1 and "$2.3 Billion" in rows[0]


@pytest.mark.parametrize(
    ("query", "found"),
    [("ITA4LIA", "IT4LIA"), ("MareNostrum", "BSC AIF"), ("Denmark", "LUMI AI Factory")],
)
def test_search_from_the_header(query, found, page, live_registry):
    page.goto(live_registry.url + "/")
    page.get_by_role("searchbox", name="Search the registry").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("main h3 a").all_inner_texts()
    assert found in results


def test_keyboard_focus_is_visible(page, live_registry):
    page.goto(live_registry.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link must come into view when focused"

    for _ in range(2):
        page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {text: element.textContent.trim(), style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth)};
        }"""
    )
    assert focused["text"] == "Factories"
    assert focused["style"] != "none" and focused["width"] >= 2

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/factories/$"))
