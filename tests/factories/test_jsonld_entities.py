"""schema.org JSON-LD on the entity pages: each states the page's facts that have an accepted
quote, and leaves out what no source states."""

import json
import re
from decimal import Decimal

import pytest

from consortia.models import Partnership
from factories.models import FactoryName
from tests.builders import (
    make_citation,
    make_country,
    make_factory,
    make_organisation,
    make_source,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "site": ("city", "country", "organisation", "latitude", "longitude"),
    "organisation": ("name", "kind", "country", "parent"),
}


def json_ld(client, url):
    page = client.get(url).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def cite(subject, *field_names, rejected=False):
    source = make_source()
    for field_name in field_names:
        make_citation(subject, field_name, source=source, is_accepted=not rejected)


def a_factory():
    """A factory in Linköping hosted by a university that is part of a national body, with a
    partner and a short name; every fact cited."""
    sweden = make_country("SE")
    naiss = make_organisation(country=sweden, slug="naiss", name="NAISS", kind=None)
    university = make_organisation(
        country=sweden, slug="liu", name="Linköping University", kind="university", parent=naiss
    )
    factory = make_factory(
        host=sweden,
        slug="mimer",
        name="Mimer",
        site={
            "city": "Linköping",
            "organisation": university,
            "latitude": Decimal("58.39333"),
            "longitude": Decimal("15.56917"),
        },
    )
    cite(factory, "name", "summary")
    cite(factory.site, *FIELDS["site"])
    cite(university, *FIELDS["organisation"])
    partner = make_organisation(country=sweden, slug="rise", name="RISE")
    cite(
        Partnership.objects.create(factory=factory, organisation=partner, role="partner"),
        "organisation",
    )
    other = FactoryName.objects.create(factory=factory, name="Mimer AIF", kind="short_form")
    cite(other, "name")
    typo = FactoryName.objects.create(factory=factory, name="Mimmer", kind="spelling_variant")
    cite(typo, "name")
    return factory, university


def test_the_factory_page_states_its_project_place_and_members(client):
    factory, university = a_factory()
    data = json_ld(client, "/factories/mimer/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Project"
    assert data["name"] == "Mimer"
    assert data["url"] == "http://testserver/factories/mimer/"
    assert data["alternateName"] == ["Mimer AIF"]  # a misspelling is not another name
    assert data["description"] == factory.summary
    assert data["location"] == {
        "@type": "Place",
        "name": "Linköping",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Linköping",
            "addressCountry": "SE",
        },
        "containedInPlace": {
            "@type": "Country",
            "name": "Sweden",
            "identifier": "SE",
            "url": "http://testserver/countries/se/",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 58.39333, "longitude": 15.56917},
    }
    assert [(m["roleName"], m["member"]["name"], m["member"]["url"]) for m in data["member"]] == [
        ("host", "Linköping University", "http://testserver/organisations/liu/"),
        ("partner", "RISE", "http://testserver/organisations/rise/"),
    ]


def test_a_fact_without_an_accepted_quote_is_left_out(client):
    factory = make_factory(slug="bare", name="Bare")
    cite(factory.site, "city", "latitude", rejected=True)  # only versions not accepted
    data = json_ld(client, "/factories/bare/")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Project",
        "url": "http://testserver/factories/bare/",
    }


def test_the_organisation_page_states_its_kind_state_parent_and_sites(client):
    a_factory()
    data = json_ld(client, "/organisations/liu/")
    assert data["@type"] == "CollegeOrUniversity"
    assert data["name"] == "Linköping University"
    assert data["url"] == "http://testserver/organisations/liu/"
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "SE"}
    assert data["parentOrganization"] == {
        "@type": "Organization",
        "name": "NAISS",
        "url": "http://testserver/organisations/naiss/",
    }
    assert [place["geo"]["latitude"] for place in data["location"]] == [58.39333]
    # No quote says what NAISS is, where it is or what it is called: only its address here.
    assert json_ld(client, "/organisations/naiss/") == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "url": "http://testserver/organisations/naiss/",
    }


@pytest.mark.parametrize(
    ("url", "name", "code"),
    [("/countries/se/", "Sweden", "SE"), ("/countries/fr/", "France", "FR")],
)
def test_a_state_page_names_the_country_recorded_or_not(client, url, name, code):
    make_factory(host=make_country("SE"))
    assert json_ld(client, url) == {
        "@context": "https://schema.org",
        "@type": "Country",
        "name": name,
        "identifier": code,
        "url": f"http://testserver{url}",
    }


def test_no_text_can_close_the_data_block(client):
    factory = make_factory(slug="tricky", name="</script><b>Tricky</b>")
    cite(factory, "name")
    page = client.get("/factories/tricky/").content.decode()
    assert "</script><b>" not in page
    assert json_ld(client, "/factories/tricky/")["name"] == "</script><b>Tricky</b>"
