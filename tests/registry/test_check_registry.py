import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from consortia.models import Country, Membership
from factories.models import AIFactory, HostSite
from sources.models import Citation, Source


def run_check(capsys):
    with pytest.raises(CommandError) as error:
        call_command("check_registry")
    return str(error.value), capsys.readouterr().err


@pytest.mark.usefixtures("registry")
def test_a_quote_not_in_its_source_is_reported(capsys):
    citation = Citation.objects.filter(field_name="name").first()
    Citation.objects.filter(pk=citation.pk).update(quote="Pharos is on the Moon")
    summary, err = run_check(capsys)
    assert summary == "1 check(s) failed."
    assert "“Pharos is on the Moon” does not occur in" in err


@pytest.mark.usefixtures("registry")
def test_a_wrong_consortium_count_is_reported(capsys):
    Country.objects.filter(code="NO").update(standing=Country.Standing.EU_MEMBER)
    _, err = run_check(capsys)
    assert "The consortia count 16 EU Member States" in err
    assert "the sources say 15." in err
    assert "The consortia count 1 EuroHPC Participating States (TR); the sources say 2." in err


@pytest.mark.usefixtures("registry")
def test_a_factory_without_host_site_or_citations_is_reported(capsys):
    pharos = AIFactory.objects.get(slug="pharos")
    HostSite.objects.filter(factory=pharos).delete()
    Membership.objects.filter(factory=pharos, role="host").delete()
    Citation.objects.for_object(pharos).delete()
    _, err = run_check(capsys)
    assert "Pharos has 0 host countries; it needs exactly one." in err
    assert "Pharos has no host site." in err
    assert "AI Factory “Pharos”: no accepted citation for its name, selection round, summary" in err


@pytest.mark.usefixtures("registry")
def test_a_fact_whose_only_citation_is_not_accepted_is_reported(capsys):
    lumi = AIFactory.objects.get(slug="lumi-ai-factory")
    Citation.objects.for_object(lumi).filter(field_name="name").update(is_accepted=False)
    summary, err = run_check(capsys)
    assert summary == "1 check(s) failed."
    assert err == "FAIL: AI Factory “LUMI AI Factory”: no accepted citation for its name.\n"


@pytest.mark.usefixtures("registry")
def test_a_changed_archive_is_reported(capsys):
    source = Source.objects.get(slug="europes-ai-revolution-2-3-billion")
    Source.objects.filter(pk=source.pk).update(archived_text=source.archived_text + " Tampered.")
    summary, err = run_check(capsys)
    assert summary == "1 check(s) failed."
    assert f"FAIL: The archived text of source “{source}” has changed since it was recorded" in err
