"""The editors' admin for countries, organisations, memberships and partnerships."""

from django.contrib import admin
from django_countries import countries

from sources.admin import CitedFactAdmin, FactPartAdmin

from . import selectors
from .models import Country, Membership, Organisation, Partnership


@admin.register(Country)
class CountryAdmin(CitedFactAdmin):
    list_display = ["name", "code", "standing", "factories"]
    list_filter = ["standing"]
    search_fields = ["code"]

    def get_queryset(self, request):
        # A state may host or join thousands: the list names the first of each role, counted.
        return selectors.country_list_summary()

    def get_search_results(self, request, queryset, search_term):
        """Match a state's name too (“Swe” finds Sweden), though only its code is stored."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().lower()
        if term:
            codes = [code for code, name in countries if term in name.lower()]
            results |= queryset.filter(code__in=codes)
        return results, may_have_duplicates

    @admin.display(description="AI Factories")
    def factories(self, country):
        named = [
            f"{m.factory.name} ({m.get_role_display().lower()})"
            for m in [*country.hosted, *country.joined]
        ]
        more = country.hosted_count + country.joined_count - len(named)
        return ", ".join(named) + (f" and {more} more" if more else "") if named else "—"


@admin.register(Organisation)
class OrganisationAdmin(CitedFactAdmin):
    list_display = ["name", "short_name", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "slug"]
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return selectors.organisation_list()


@admin.register(Membership)
class MembershipAdmin(FactPartAdmin):
    list_display = ["country", "role", "factory"]
    list_filter = ["role", "factory", "country"]
    search_fields = ["factory__name", "country__code"]
    autocomplete_fields = ["factory", "country"]

    def get_queryset(self, request):
        return selectors.membership_list()


@admin.register(Partnership)
class PartnershipAdmin(FactPartAdmin):
    list_display = ["organisation", "role", "factory"]
    list_filter = ["role", "factory"]
    search_fields = ["factory__name", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["factory", "organisation"]

    def get_queryset(self, request):
        return selectors.partnership_list()
