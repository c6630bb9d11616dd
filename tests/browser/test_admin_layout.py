"""The admin fits an editor's 1440 px screen: no sideways scrolling on the widest forms."""

import pytest

from factories.models import AIFactory
from tests.changes.editors import PASSWORD, make_editor

WIDTH = 1440


def log_in(page, base):
    page.goto(f"{base}/admin/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/factories/aifactory/{lumi}/change/",
        "/admin/consortia/partnership/add/?factory={lumi}",
    ],
    ids=["factory-change", "partnership-add"],
)
def test_the_widest_admin_forms_fit_1440_px(page, live_registry, screenshots_dir, path):
    make_editor("ana")
    lumi = AIFactory.objects.get(slug="lumi-ai-factory")
    log_in(page, live_registry.url)

    page.goto(live_registry.url + path.format(lumi=lumi.pk))
    # The citation rows are the widest part of these forms: they are there, and they fit.
    assert page.locator(".inline-group .tabular textarea").count() > 0
    assert page_width(page) <= WIDTH, f"{path}: {page_width(page)} px wide"
    name = path.split("/")[3]
    page.screenshot(path=screenshots_dir / f"admin-{name}-1440.png", full_page=True)


def test_the_admin_names_the_registry_and_helps_editors(page, live_registry):
    make_editor("ana")
    log_in(page, live_registry.url)
    assert page.title().endswith("AI Factories Registry admin")
    assert page.get_by_role("link", name="AI Factories Registry").is_visible()
    assert page.get_by_text("Every fact needs its evidence").is_visible()
