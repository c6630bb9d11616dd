"""Every page type is valid HTML: the W3C Nu HTML Checker (npm's vnu-jar, run with Java) finds
no error and no warning on the real registry's pages."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PAGES = {
    "home": "/",
    "factory-list": "/factories/?country=dk",
    "factory": "/factories/lumi-ai-factory/",
    "countries": "/countries/",
    "country": "/countries/dk/",
    "country-in-no-consortium": "/countries/fr/",
    "organisations": "/organisations/",
    "organisation": "/organisations/cineca/",
    "supercomputers": "/supercomputers/",
    "supercomputer": "/supercomputers/lumi/",
    "selection-round": "/selection-rounds/first-selection-2024/",
    "programme": "/funding/programmes/horizon-europe/",
    "funding": "/funding/",
    "sources": "/sources/",
    "source": "/sources/europes-ai-revolution-2-3-billion/",
    "search": "/search/?q=lumi",
    "changes": "/changes/",
    "quality": "/quality/",
    "data": "/data/",
    "not-found": "/no-such-page/",
}


def vnu_jar():
    """vnu.jar from npm's global folder (installed by .ci/run), or VNU_JAR."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
        jar = Path(root) / "vnu-jar" / "build" / "dist" / "vnu.jar"
        if jar.exists():
            return jar
    return None


@pytest.fixture
def checker():
    jar, java = vnu_jar(), shutil.which("java")
    if not (jar and java):
        message = "the Nu HTML Checker needs Java and npm's vnu-jar (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(jar), "--format", "gnu"]


def test_every_page_type_is_valid_html(registry, client, checker, tmp_path):
    files = []
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run([*checker, *files], capture_output=True, text=True, timeout=300)
    findings = [line for line in result.stderr.splitlines() if line.strip()]
    assert findings == [], "\n".join(findings)
