"""The editors' admin for AI Factories: a factory's page lists its parts, each edited with its evidence."""

from django.contrib import admin

from changes.selectors import factory_changes
from consortia.models import Membership, Partnership
from consortia.selectors import membership_list, partnership_list
from funding.models import Budget
from funding.selectors import budget_list
from sources.admin import CitedFactAdmin, FactPartAdmin, FactPartInline

from . import selectors
from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer


class MembershipInline(FactPartInline):
    selector = staticmethod(membership_list)
    model = Membership
    fields = ["country", "role"]
    verbose_name = "consortium member"
    verbose_name_plural = "consortium (host and member countries)"


class PartnershipInline(FactPartInline):
    selector = staticmethod(partnership_list)
    model = Partnership
    fields = ["organisation", "role"]


class BudgetInline(FactPartInline):
    selector = staticmethod(budget_list)
    model = Budget
    fields = ["label", "amount_eur_million", "qualifier"]
    verbose_name = "budget line"


class FactoryNameInline(FactPartInline):
    selector = staticmethod(selectors.factory_name_list)
    model = FactoryName
    fields = ["name", "kind", "note"]
    verbose_name = "other name"
    verbose_name_plural = "other names"


class HostSiteInline(FactPartInline):
    selector = staticmethod(selectors.site_list)
    model = HostSite
    fields = ["city", "place", "country", "organisation", "latitude", "longitude"]
    verbose_name = "host site"


class FactorySystemInline(FactPartInline):
    selector = staticmethod(selectors.factory_system_list)
    model = FactorySystem
    fields = ["supercomputer", "relation"]
    verbose_name = "supercomputer link"
    verbose_name_plural = "supercomputers"


@admin.register(AIFactory)
class AIFactoryAdmin(CitedFactAdmin):
    list_display = ["name", "host", "city", "infrastructure", "budget", "selection_round"]
    list_filter = ["selection_round", "infrastructure", "experimental_platform"]
    search_fields = ["name", "slug", "summary", "other_names__name"]
    autocomplete_fields = ["selection_round"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        HostSiteInline,
        MembershipInline,
        BudgetInline,
        FactoryNameInline,
        PartnershipInline,
        FactorySystemInline,
    ]

    object_history_template = "admin/factories/aifactory/object_history.html"

    def get_queryset(self, request):
        return selectors.factory_list()

    def history_view(self, request, object_id, extra_context=None):
        """One timeline of the factory and its parts, above the factory row's own versions."""
        factory = self.get_object(request, object_id)
        timeline = factory_changes(factory) if factory is not None else []
        return super().history_view(
            request, object_id, extra_context={**(extra_context or {}), "timeline": timeline}
        )

    @admin.display(description="Host country")
    def host(self, factory):
        return factory.host_country

    @admin.display(description="City", ordering="site__city")
    def city(self, factory):
        return factory.site.city if hasattr(factory, "site") else "—"

    @admin.display(description="Budget")
    def budget(self, factory):
        return "; ".join(line.display_amount for line in factory.budgets.all()) or "—"


@admin.register(SelectionRound)
class SelectionRoundAdmin(CitedFactAdmin):
    list_display = ["name", "announced_on", "next_cutoff_on"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["interested_countries"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return selectors.selection_round_list()


@admin.register(FactoryName)
class FactoryNameAdmin(FactPartAdmin):
    list_display = ["name", "factory", "kind"]
    list_filter = ["kind", "factory"]
    search_fields = ["name", "note", "factory__name"]
    autocomplete_fields = ["factory"]

    def get_queryset(self, request):
        return selectors.factory_name_list()


@admin.register(HostSite)
class HostSiteAdmin(FactPartAdmin):
    list_display = ["city", "place", "country", "factory", "organisation", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["city", "place", "factory__name", "organisation__name"]
    autocomplete_fields = ["factory", "country", "organisation"]

    def get_queryset(self, request):
        return selectors.site_list()


@admin.register(Supercomputer)
class SupercomputerAdmin(CitedFactAdmin):
    list_display = ["name", "country", "status", "is_ai_optimised", "factories"]
    list_filter = ["status", "is_ai_optimised", "country"]
    search_fields = ["name", "slug", "lifecycle_note"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return selectors.supercomputer_list()

    @admin.display(description="AI Factories")
    def factories(self, supercomputer):
        return ", ".join(link.factory.name for link in supercomputer.factory_links.all()) or "—"


@admin.register(FactorySystem)
class FactorySystemAdmin(FactPartAdmin):
    list_display = ["factory", "supercomputer", "relation"]
    list_filter = ["relation", "factory"]
    search_fields = ["factory__name", "supercomputer__name"]
    autocomplete_fields = ["factory", "supercomputer"]

    def get_queryset(self, request):
        return selectors.factory_system_list()
