"""A client generated from the served schema by `openapi-python-client` works against a live
server: public reads with a plain client (no token), a write with an editor's token.

The generator (a locked dev dependency) is run as a developer would, on the schema the live
server answers; under CI a missing generator fails instead of skipping.
"""

import importlib
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from funding.models import Budget, Qualifier
from tests.builders import make_budget, make_country, make_factory, make_round, make_source
from tests.changes.editors import make_editor

PACKAGE = "registry_client"
# Format hooks off: the generated code is only imported, and the run stays under a few seconds.
GENERATOR_CONFIG = "post_hooks: []\n"


def generator():
    found = shutil.which("openapi-python-client", path=Path(sys.executable).parent)
    found = found or shutil.which("openapi-python-client")
    if found is None:
        message = "openapi-python-client is not installed (make .venv/.dev installs it)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch):
    """The package generated from the live server's schema, importable by name."""
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as response:
        schema = json.load(response)
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (tmp_path / "config.yml").write_text(GENERATOR_CONFIG, encoding="utf-8")
    run = subprocess.run(
        [
            generator(),
            "generate",
            "--path",
            "schema.json",
            "--output-path",
            PACKAGE,
            "--meta",
            "none",
            "--config",
            "config.yml",
            # A warning means an operation or a model the generator could not build: a defect.
            "--fail-on-warning",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


@pytest.fixture
def factories(transactional_db):
    """Two factories, each with a budget line, and a source that states a new amount."""
    first_round = make_round(name="First round")
    atlantis = make_factory(
        slug="atlantis",
        name="Atlantis",
        host=make_country("FI"),
        selection_round=first_round,
        site={"city": "Exampleville"},
    )
    borealis = make_factory(
        slug="borealis", name="Borealis", host=make_country("SE"), selection_round=first_round
    )
    make_budget(atlantis, amount=Decimal("40"), label="Phase one")
    make_budget(borealis, amount=Decimal("250"), qualifier=Qualifier.AT_LEAST)
    return atlantis


def test_a_generated_client_reads_without_a_token(generated, live_server, factories):
    client = generated("client").Client(base_url=live_server.url, raise_on_unexpected_status=True)
    factories_list = generated("api.factories.factories_list")
    factories_retrieve = generated("api.factories.factories_retrieve")
    budgets_list = generated("api.budgets.budgets_list")

    page = factories_list.sync(client=client)
    assert type(page).__name__ == "PaginatedFactoryListList", page
    assert page.count == 2
    assert [factory.name for factory in page.results] == ["Atlantis", "Borealis"]

    atlantis = factories_retrieve.sync("atlantis", client=client)
    assert type(atlantis).__name__ == "FactoryDetail", atlantis
    assert atlantis.name == "Atlantis"
    assert atlantis.host_site.city == "Exampleville"
    assert atlantis.selection_round.name == "First round"

    budgets = budgets_list.sync(client=client, factory="borealis")
    assert type(budgets).__name__ == "PaginatedBudgetList", budgets
    assert budgets.count == 1
    [line] = budgets.results
    assert (line.amount_eur_million, line.qualifier.value) == (250, "at_least")


def test_a_generated_client_writes_with_an_editors_token(generated, live_server, factories):
    client_module = generated("client")
    models = generated("models")
    budgets_retrieve = generated("api.budgets.budgets_retrieve")
    budgets_partial_update = generated("api.budgets.budgets_partial_update")
    budget = Budget.objects.get(factory__slug="atlantis")
    token = Token.objects.create(user=make_editor())
    source = make_source()
    public = client_module.Client(base_url=live_server.url)
    editor = client_module.AuthenticatedClient(
        base_url=live_server.url, token=token.key, prefix="Token"
    )

    etag = budgets_retrieve.sync_detailed(str(budget.pk), client=public).headers["ETag"]
    change = models.PatchedBudgetRequest(
        amount_eur_million=42,
        # An amount and its qualifier read as one: a new amount needs evidence for both.
        evidence=[
            models.EvidenceInputRequest(
                field_name=name,
                source=source.slug,
                quote="Its budget is €42 million.",
                stated_value="€42 million",
            )
            for name in ("amount_eur_million", "qualifier")
        ],
    )
    # The same write without a token is refused, and nothing changes.
    refused = budgets_partial_update.sync_detailed(
        str(budget.pk), client=public, body=change, if_match=etag
    )
    assert refused.status_code == 401
    assert "credentials" in refused.parsed.detail

    answer = budgets_partial_update.sync_detailed(
        str(budget.pk), client=editor, body=change, if_match=etag
    )
    assert answer.status_code == 200, answer.content
    assert answer.parsed.amount_eur_million == 42
    assert answer.headers["ETag"] != etag
    budget.refresh_from_db()
    assert budget.amount_eur_million == Decimal("42")
    # A partial update leaves alone the fields it does not send.
    assert budget.label == "Phase one"
    assert {citation.source for citation in budget.citations.filter(is_accepted=True)} == {source}
