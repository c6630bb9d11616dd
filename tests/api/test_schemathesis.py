"""schemathesis against the live API, from its own OpenAPI schema: no 5xx, and every answer
conforms to the schema (status codes, content types, headers, bodies); anonymous and editor."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.api.clients import editor_client

# Bounded so that the suite stays quick on two cores: a few examples per operation and phase.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
SEED = os.environ.get("SCHEMATHESIS_SEED", "20241210")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def schemathesis_run(live_server, *headers):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--checks",
        CHECKS,
        "--phases",
        "examples,fuzzing,stateful",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        SEED,
        # One at a time: SQLite takes one writer, and the live server is one process.
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "30",
        *(part for header in headers for part in ("-H", header)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return result


def generated(result):
    """How many test cases the run generated, all of which passed, from its summary line."""
    match = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert match and match[1] == match[2], result.stdout[-3000:]
    return int(match[1])


@pytest.fixture
def live_registry(transactional_db, live_server):
    call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=0)
    with override_settings(API_ANON_THROTTLE_RATE=None):
        yield live_server


def test_anonymous_and_editor_requests_conform_to_the_schema(live_registry):
    anonymous = schemathesis_run(live_registry)
    assert anonymous.returncode == 0, anonymous.stdout[-6000:] + anonymous.stderr[-2000:]
    assert generated(anonymous) >= 100

    token = editor_client()._credentials["HTTP_AUTHORIZATION"]
    editor = schemathesis_run(live_registry, f"Authorization: {token}")
    assert editor.returncode == 0, editor.stdout[-6000:] + editor.stderr[-2000:]
    assert generated(editor) >= 100
