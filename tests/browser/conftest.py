"""Playwright driving Debian's chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the tests still query the database
# between page actions, which Django would otherwise refuse as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page at 1440 px wide that fails the test on any request off this machine."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    outside = []

    def watch(request):
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith(("http://", "https://")) and not host.startswith(
            ("127.0.0.1", "localhost", "[::1]")
        ):
            outside.append(request.url)

    context.on("request", watch)
    page = context.new_page()
    yield page
    context.close()
    assert not outside, f"pages requested third-party hosts: {outside}"


@pytest.fixture
def screenshots_dir():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def live_registry(transactional_db, live_server):
    """The live server, serving the registry's own fixtures."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=0)
    return live_server
