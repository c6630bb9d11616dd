"""A tiny HTTP client for the production tests: real requests, no redirects followed."""

import http.client
from urllib.parse import urlsplit


def fetch(url, method="GET", headers=None, body=None):
    """(status, headers as a dict with lower-case names, text)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
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
