"""HTML pages of the consortia app: the states and what each hosts and joins."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from sources.selectors import evidence_by_field

from .filters import CountryFilterSet
from .models import Country, Membership
from .names import state_name, unrecorded_state
from .selectors import country_detail, country_list_summary, country_memberships


@require_safe
def country_list_view(request):
    filterset = CountryFilterSet(request.GET or None, queryset=country_list_summary())
    valid = filterset.is_valid() if filterset.is_bound else True
    countries = sorted(filterset.qs, key=lambda country: country.name) if valid else []
    return render(
        request,
        "consortia/country_list.html",
        {
            "filterset": filterset,
            "valid": valid,
            "countries": countries,
            "standing_options": Country.Standing.choices,
            "current": request.GET,
        },
        status=200 if valid else 400,
    )


@require_safe
def country_detail_view(request, code):
    """Every EU Member State and EuroHPC Participating State has a page, in a consortium or not."""
    if code != code.lower():
        return redirect("consortia:country-detail", code=code.lower(), permanent=True)
    if state_name(code) is None:
        raise Http404("No EU Member State or EuroHPC Participating State has this ISO code.")
    country = country_detail().filter(code=code.upper()).first()
    recorded = country is not None
    if recorded:
        country.evidence = evidence_by_field(country)
        # The first factories of each role only: a state may host or join thousands.
        memberships = list(country_memberships(country))
        interest = list(country.interest_declared_in.all())
        organisations = list(country.organisations.all())
        hosted_count, joined_count = country.hosted_count, country.joined_count
    else:
        country, memberships, interest, organisations = unrecorded_state(code.upper()), [], [], []
        hosted_count = joined_count = 0
    for obj in [*memberships, *interest]:
        obj.evidence = evidence_by_field(obj)
    hosted, joined = Membership.split(memberships)
    return render(
        request,
        "consortia/country_detail.html",
        {
            "country": country,
            "recorded": recorded,
            "hosted": hosted,
            "joined": joined,
            "hosted_count": hosted_count,
            "joined_count": joined_count,
            "interest": interest,
            "organisations": organisations,
        },
    )
