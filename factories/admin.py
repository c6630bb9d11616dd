"""The editors' admin for AI Factories, where one page edits a factory and its related facts."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from changes.admin import RecordedAdmin, UncitedDeletionFormSet
from consortia.models import Membership, Partnership
from consortia.selectors import membership_list, partnership_list
from funding.models import Budget
from funding.selectors import budget_list
from sources.admin import CitationInline

from . import selectors
from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer


class FactoryPartInline:
    """An inline of a factory's facts, read through the selector that names them in one query."""

    selector = None

    def get_queryset(self, request):
        if not self.has_view_or_change_permission(request):
            return self.model._default_manager.none()
        return self.selector()


class MembershipFormSet(UncitedDeletionFormSet):
    """Refuses two host rows in one submission, which each row's own check cannot see."""

    def clean(self):
        super().clean()
        hosts = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Membership.Role.HOST
        ]
        for form in hosts[1:]:
            form.add_error("role", "An AI Factory has one host country; make the others members.")
        if len(hosts) > 1:
            raise ValidationError("An AI Factory has one host country.")


class MembershipInline(FactoryPartInline, admin.TabularInline):
    selector = staticmethod(membership_list)
    model = Membership
    formset = MembershipFormSet
    fields = ["country", "role"]
    autocomplete_fields = ["country"]
    extra = 0
    verbose_name = "consortium member"
    verbose_name_plural = "consortium (host and member countries)"


class PartnershipInline(FactoryPartInline, admin.TabularInline):
    selector = staticmethod(partnership_list)
    formset = UncitedDeletionFormSet
    model = Partnership
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]
    extra = 0


class BudgetInline(FactoryPartInline, admin.TabularInline):
    selector = staticmethod(budget_list)
    formset = UncitedDeletionFormSet
    model = Budget
    fields = ["label", "amount_eur_million", "qualifier"]
    extra = 0


class FactoryNameInline(FactoryPartInline, admin.TabularInline):
    selector = staticmethod(selectors.factory_name_list)
    formset = UncitedDeletionFormSet
    model = FactoryName
    fields = ["name", "kind", "note"]
    extra = 0
    verbose_name = "other name"
    verbose_name_plural = "other names"


class HostSiteInline(FactoryPartInline, admin.StackedInline):
    selector = staticmethod(selectors.site_list)
    formset = UncitedDeletionFormSet
    model = HostSite
    fields = ["city", "place", "country", "organisation", "latitude", "longitude"]
    autocomplete_fields = ["country", "organisation"]
    max_num = 1
    extra = 0


class FactorySystemInline(FactoryPartInline, admin.TabularInline):
    selector = staticmethod(selectors.factory_system_list)
    formset = UncitedDeletionFormSet
    model = FactorySystem
    fields = ["supercomputer", "relation"]
    autocomplete_fields = ["supercomputer"]
    extra = 0
    verbose_name = "supercomputer"
    verbose_name_plural = "supercomputers"


@admin.register(AIFactory)
class AIFactoryAdmin(RecordedAdmin):
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
        CitationInline,
    ]

    def get_queryset(self, request):
        return selectors.factory_list()

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
class SelectionRoundAdmin(RecordedAdmin):
    list_display = ["name", "announced_on", "next_cutoff_on"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["interested_countries"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]

    def get_queryset(self, request):
        return selectors.selection_round_list()


@admin.register(FactoryName)
class FactoryNameAdmin(RecordedAdmin):
    list_display = ["name", "factory", "kind"]
    list_filter = ["kind", "factory"]
    search_fields = ["name", "note", "factory__name"]
    autocomplete_fields = ["factory"]
    inlines = [CitationInline]

    def get_queryset(self, request):
        return selectors.factory_name_list()


@admin.register(HostSite)
class HostSiteAdmin(RecordedAdmin):
    list_display = ["city", "place", "country", "factory", "organisation", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["city", "place", "factory__name", "organisation__name"]
    autocomplete_fields = ["factory", "country", "organisation"]
    inlines = [CitationInline]

    def get_queryset(self, request):
        return selectors.site_list()


@admin.register(Supercomputer)
class SupercomputerAdmin(RecordedAdmin):
    list_display = ["name", "country", "status", "is_ai_optimised", "factories"]
    list_filter = ["status", "is_ai_optimised", "country"]
    search_fields = ["name", "slug", "lifecycle_note"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CitationInline]

    def get_queryset(self, request):
        return selectors.supercomputer_list()

    @admin.display(description="AI Factories")
    def factories(self, supercomputer):
        return ", ".join(link.factory.name for link in supercomputer.factory_links.all()) or "—"


@admin.register(FactorySystem)
class FactorySystemAdmin(RecordedAdmin):
    list_display = ["factory", "supercomputer", "relation"]
    list_filter = ["relation", "factory"]
    search_fields = ["factory__name", "supercomputer__name"]
    autocomplete_fields = ["factory", "supercomputer"]
    inlines = [CitationInline]

    def get_queryset(self, request):
        return selectors.factory_system_list()
