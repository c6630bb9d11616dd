from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from consortia.models import Membership
from factories.models import AIFactory, HostSite
from tests.builders import make_country, make_factory, make_organisation, make_round

pytestmark = pytest.mark.django_db


def test_duplicate_slug_is_refused_on_the_slug_field():
    make_factory(slug="pharos", name="Pharos")
    duplicate = AIFactory(
        slug="pharos",
        name="Pharos two",
        selection_round=make_round(),
        summary="x",
        infrastructure="new_system",
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert AIFactory.objects.filter(slug="pharos").count() == 1


def test_second_host_country_is_refused_in_clean_and_in_the_database():
    factory = make_factory(host=make_country("FI"))
    second = Membership(factory=factory, country=make_country("SE"), role=Membership.Role.HOST)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["role"] == [
        "This AI Factory already has a host country: Finland."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert list(factory.memberships.values_list("country__code", "role")) == [("FI", "host")]


def test_a_member_beside_the_host_is_accepted():
    factory = make_factory(host=make_country("FI"))
    member = Membership(factory=factory, country=make_country("DK"), role=Membership.Role.MEMBER)
    member.full_clean()
    member.save()
    assert [c.code for c in factory.member_countries] == ["DK"]
    assert factory.host_country.code == "FI"


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", Decimal("91")), ("latitude", Decimal("-90.5")), ("longitude", Decimal("181"))],
)
def test_coordinates_out_of_range_are_refused(field, value):
    factory = make_factory(site=False)
    host = factory.host_country
    site = HostSite(
        factory=factory,
        city="Nowhere",
        country=host,
        organisation=make_organisation(country=host),
        latitude=Decimal("10"),
        longitude=Decimal("10"),
    )
    setattr(site, field, value)
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert field in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        site.save()
    assert not HostSite.objects.exists()


def test_site_outside_the_host_country_is_refused():
    factory = make_factory(host=make_country("FI"), site=False)
    elsewhere = make_country("SE")
    site = HostSite(
        factory=factory,
        city="Linköping",
        country=elsewhere,
        organisation=make_organisation(country=elsewhere),
        latitude=Decimal("58.4"),
        longitude=Decimal("15.6"),
    )
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert error.value.message_dict["country"] == [
        "The site must be in the factory's host country, Finland."
    ]


def test_deployment_cannot_end_before_it_starts():
    factory = make_factory(deployment_start_year=2025, deployment_end_year=2026)
    factory.deployment_start_year = 2027
    with pytest.raises(ValidationError) as error:
        factory.full_clean()
    assert "deployment_end_year" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        factory.save()
    factory.refresh_from_db()
    assert factory.deployment_start_year == 2025
