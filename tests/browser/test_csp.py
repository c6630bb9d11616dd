"""The strict Content-Security-Policy holds on every page: the browser refuses nothing."""

import pytest

PAGES = [
    "/",
    "/factories/",
    "/factories/pharos/",
    "/countries/",
    "/countries/dk/",
    "/funding/",
    "/sources/",
    "/search/?q=ITA4LIA",
    "/changes/",
    "/admin/login/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
    "/api/v1/factories/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_content_security_policy_violation(live_registry, page, path):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    response = page.goto(live_registry.url + path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert violations == []
