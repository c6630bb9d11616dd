"""The /quality/ page and the admin's count: what the registry's checks find, linked to the facts."""

from io import StringIO

import pytest
from django.core.management import call_command

from funding.models import Budget
from sources import quality
from sources.checks import registered_checks
from sources.models import Source, citable_models
from tests.builders import make_budget, make_citation, make_factory, make_source
from tests.factories.test_views import text

# The page's queries: 2 for the quotes; 1 per citable model and 1 for the citations, twice (the
# citations' subjects, the fact fields); 1 for the archives, 1 for the consortia and 3 for the
# factories' hosts (their host countries, their sites' countries, the factories as rows). The
# same for one factory as for thirty.
QUALITY_PAGE_QUERIES = 2 * (len(citable_models()) + 1) + 7


def cited_factory(**fields):
    """A factory whose every fact field is cited, and whose parts are not."""
    factory = make_factory(**fields)
    source = make_source()
    for field_name in factory.fact_fields:
        make_citation(factory, field_name, source=source)
    return factory


def test_the_page_lists_a_fact_field_without_an_accepted_citation(db, client):
    factory = cited_factory(name="Example Factory")
    budget = make_budget(factory)
    make_citation(budget, "qualifier")

    response = client.get("/quality/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Every fact is cited:" in page
    amount = Budget.fact_label("amount_eur_million")
    assert f"Budget “Example Factory: €42 million”: no accepted citation for its {amount}." in page
    assert f'<a href="/factories/{factory.slug}/">budget “Example Factory: €42 million”</a>' in html
    # The public sees no way into the admin.
    assert "/admin/" not in html
    assert "AI Factory “Example Factory”" not in page


def test_an_editor_also_gets_the_admin_page_of_each_fact(db, editor_client):
    factory = cited_factory()
    budget = make_budget(factory)
    html = editor_client.get("/quality/").content.decode()
    assert f'href="/admin/funding/budget/{budget.pk}/change/"' in html
    assert f'href="/factories/{factory.slug}/"' in html


def test_every_check_passes_on_the_registrys_fixtures(registry, client):
    page = text(client.get("/quality/"))
    assert f"Every check passes: all {len(registered_checks())} rules below hold" in page
    assert "Archived sources are unchanged." in page
    assert "failure" not in page


def test_a_tampered_archive_is_listed_with_its_source(registry, client):
    source = Source.objects.get(slug="europes-ai-revolution-2-3-billion")
    Source.objects.filter(pk=source.pk).update(archived_text=source.archived_text + " Tampered.")
    response = client.get("/quality/")
    page = text(response)
    assert "1 of 6 checks fails with 1 problem to fix." in page
    assert "Archived sources are unchanged: 1 failure" in page
    assert f"The archived text of source “{source}” has changed since it was recorded" in page
    assert f'href="/sources/{source.slug}/"' in response.content.decode()


@pytest.mark.parametrize("factories", [1, 30])
def test_the_page_runs_a_fixed_number_of_queries(db, client, django_assert_num_queries, factories):
    for _ in range(factories):
        factory = cited_factory()
        make_budget(factory)
    with django_assert_num_queries(QUALITY_PAGE_QUERIES):
        response = client.get("/quality/")
    assert text(response).count("no accepted citation for its") >= 3 * factories


def test_the_admin_index_shows_how_many_checks_fail(db, editor_client):
    make_factory()
    response = editor_client.get("/admin/")
    # The factory's facts have no citation, and its one host state is not the 17 of the sources.
    assert "2 registry checks failing: see what fails and where" in text(response)
    assert 'href="/quality/"' in response.content.decode()


def test_the_admin_index_says_when_every_check_passes(registry, editor_client):
    assert "All registry checks pass" in text(editor_client.get("/admin/"))


def test_the_footer_links_the_quality_page(db, client):
    assert 'href="/quality/"' in client.get("/sources/").content.decode()


def test_the_report_is_kept_per_data_version_and_follows_an_edit(
    transactional_db, client, django_assert_num_queries
):
    """Outside a transaction, as in production, the checks run once per data version: a second
    read runs none of their queries, and an edit (a new version) is checked on the next read."""
    factory = cited_factory(name="Example Factory")
    first = text(client.get("/quality/"))
    assert "Checked against the registry's data as it stood after its last change, on" in first
    budget_failure = "Budget “Example Factory: €42 million”: no accepted citation for its"
    assert budget_failure not in first

    with django_assert_num_queries(0):
        assert text(client.get("/quality/")) == first

    make_budget(factory)
    after = text(client.get("/quality/"))
    assert budget_failure in after
    assert after != first


def test_inside_a_transaction_the_page_runs_the_checks_for_the_request(db, client):
    page = text(client.get("/quality/"))
    assert "The checks ran for this request." in page
    assert "Checked against" not in page


def test_another_process_finds_the_report_in_the_shared_cache(
    transactional_db, client, django_assert_num_queries, monkeypatch
):
    """The first process to run the checks for a version stores the report where the others
    (here: this process with nothing kept of its own) find it, without running them."""
    cited_factory(name="Example Factory")
    first = text(client.get("/quality/"))
    monkeypatch.setattr(quality, "_kept", {})
    with django_assert_num_queries(0):
        assert text(client.get("/quality/")) == first


def test_the_deploys_build_stores_the_report_for_every_worker(
    transactional_db, client, django_assert_num_queries, monkeypatch, settings, tmp_path
):
    """`build_downloads` (make serve runs it before gunicorn starts) runs the checks once: no
    reader's /quality/ runs them, even a worker that kept nothing of its own."""
    settings.DOWNLOADS_ROOT = tmp_path / "downloads"
    cited_factory(name="Example Factory")
    monkeypatch.setattr(quality, "_kept", {})
    call_command("build_downloads", origin=["http://testserver"], stdout=StringIO())
    monkeypatch.setattr(quality, "_kept", {})
    with django_assert_num_queries(0):
        page = text(client.get("/quality/"))
    assert "Checked against the registry's data as it stood after its last change, on" in page
