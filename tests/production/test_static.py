import json
import re
from pathlib import Path

from .http import fetch


def test_nginx_serves_static_files_with_hashed_names_long_cache_and_compression(nginx_server):
    _, _, home = fetch(nginx_server.url + "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
    manifest = json.loads((Path(nginx_server.env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    assert stylesheet == "/static/" + manifest["paths"]["css/site.css"]

    status, headers, _ = fetch(nginx_server.url + stylesheet, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert "max-age=315360000" in headers["cache-control"]
    assert "immutable" in headers["cache-control"]
    assert headers["content-encoding"] == "gzip"
