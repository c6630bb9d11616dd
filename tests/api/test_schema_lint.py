"""The schema the API serves passes Redocly CLI's recommended rules and Spectral's `spectral:oas`
with no error and no warning, but for the rules turned off, with reasons, in `.redocly.yaml`
and `.spectral.yaml`. Both tools come from npm (`.ci/run` installs them); under CI a missing
one fails the test."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


def tool(name):
    path = shutil.which(name)
    if path is None:
        message = f"`{name}` is not on PATH: `.ci/run` installs it from npm."
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def schema_file(django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    path = tmp_path_factory.mktemp("schema") / "openapi.json"
    path.write_bytes(response.content)
    return path


def run(command):
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=ROOT, env=os.environ | QUIET
    )


def test_redocly_recommended_rules_pass(schema_file):
    result = run(
        [tool("redocly"), "lint", "--config", ".redocly.yaml", "--format=json", str(schema_file)]
    )
    report = json.loads(result.stdout)
    problems = [f"{p['ruleId']}: {p['message']}" for p in report["problems"]]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problems[:20]
    assert result.returncode == 0


def test_spectral_oas_rules_pass(schema_file, tmp_path):
    output = tmp_path / "spectral.json"
    result = run(
        [
            tool("spectral"),
            "lint",
            "--ruleset",
            ".spectral.yaml",
            "--format",
            "json",
            "--output",
            str(output),
            "--fail-severity",
            "hint",
            str(schema_file),
        ]
    )
    problems = [
        f"{p['code']}: {p['message']} at {p['path']}" for p in json.loads(output.read_text())
    ]
    assert problems == []
    assert result.returncode == 0, result.stderr[-2000:]
