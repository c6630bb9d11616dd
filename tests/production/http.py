"""A tiny HTTP client for the production tests: real requests, no redirects followed."""

import http.client
import ssl
import subprocess
from urllib.parse import urlsplit

# The production tests' nginx terminates TLS with a self-signed certificate made for the run.
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname = False
UNVERIFIED.verify_mode = ssl.CERT_NONE


def fetch(url, method="GET", headers=None, body=None, timeout=15, source_address=None):
    """(status, headers as a dict with lower-case names, text)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=UNVERIFIED
        )
    else:
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=timeout, source_address=source_address
        )
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        raw_headers = response.getheaders()
        text = response.read().decode("utf-8", errors="replace")
    finally:
        connection.close()
    merged = {}
    for name, value in raw_headers:
        name = name.lower()
        merged[name] = f"{merged[name]}\n{value}" if name in merged else value
    return response.status, merged, text


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 (cert.pem, key.pem in `folder`), made for the run."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-keyout", f"{folder}/key.pem", "-out", f"{folder}/cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
