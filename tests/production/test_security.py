import os
import subprocess

import pytest
import time_machine
from django.core.cache import cache

from bench.servers import ROOT

from .http import fetch, make_certificate


def test_https_deployment_sends_hsts_and_hardening_headers(https_production_server):
    status, headers, text = fetch(https_production_server.https_url + "/factories/")
    assert status == 200
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    # Through nginx: compressed for clients that accept it, and no version announced.
    assert "AI Factories" in text
    assert headers["server"] == "nginx"


def test_html_and_json_are_compressed_by_nginx(https_production_server):
    base = https_production_server.https_url
    gzip = {"Accept-Encoding": "gzip"}
    for path in ("/factories/", "/api/v1/factories/", "/api/v1/factories/?format=csv"):
        status, headers, _ = fetch(base + path, headers=gzip)
        assert (status, headers.get("content-encoding")) == (200, "gzip"), path


def test_a_client_header_cannot_claim_https(https_production_server):
    """nginx says the scheme it received: a plain-HTTP client claiming https is redirected."""
    headers = {"X-Forwarded-Proto": "https"}
    status, _, _ = fetch(https_production_server.url + "/factories/", headers=headers)
    assert status == 301


def test_plain_http_is_redirected_to_the_configured_https_address_but_healthz_is_not(
    https_production_server,
):
    """TLS on a port of its own (not 443): the redirect names that port, not the HTTP one."""
    status, headers, _ = fetch(https_production_server.url + "/factories/?page=1")
    assert status == 301
    assert headers["location"] == https_production_server.https_url + "/factories/?page=1"
    assert fetch(headers["location"])[0] == 200
    assert fetch(https_production_server.url + "/healthz")[0] == 200


@pytest.mark.parametrize("host", ["127.0.0.1:6666", "localhost:6666", "127.0.0.1"])
def test_the_https_redirect_does_not_echo_a_host_or_port_the_client_sent(
    https_production_server, host
):
    status, headers, _ = fetch(https_production_server.url + "/factories/", headers={"Host": host})
    assert status == 301
    assert headers["location"] == https_production_server.https_url + "/factories/"


def test_nginx_conf_with_tls_refuses_to_render_without_the_https_address(tmp_path):
    make_certificate(tmp_path)
    result = subprocess.run(
        ["make", "-s", "nginx-conf", f"NGINX_PREFIX={tmp_path}", f"TLS_CERT={tmp_path}/cert.pem",
         f"TLS_KEY={tmp_path}/key.pem", "TLS_LISTEN=127.0.0.1:8443"],
        cwd=ROOT, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k != "SECURE_SSL_HOST"},
    )  # fmt: skip
    assert result.returncode != 0
    assert "set SECURE_SSL_HOST too" in result.stderr
    assert not (tmp_path / "nginx.conf").exists()


def test_cookies_are_secure_on_https(https_production_server):
    _, headers, _ = fetch(https_production_server.https_url + "/admin/login/")
    cookie = headers["set-cookie"]
    assert cookie.startswith("csrftoken=")
    assert "Secure" in cookie
    assert "SameSite=Lax" in cookie


def test_check_deploy_reports_nothing(https_production_server):
    result = https_production_server.manage("check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
# The limit counts attempts per minute window: with a running clock the attempts could straddle two
# windows and never reach the limit. Frozen mid-window, every attempt counts in the same one.
@time_machine.travel("2026-01-05 12:00:30 +0000", tick=False)
def test_admin_login_is_rate_limited(client, settings):
    cache.clear()
    attempts = int(settings.ADMIN_LOGIN_RATE.split("/")[0])
    for _ in range(attempts):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many attempts" in response.text
    # Reading the login page is still allowed; only the guessing is slowed down.
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/healthz")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
