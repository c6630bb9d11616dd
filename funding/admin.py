"""The editors' admin for programmes, stated totals and budget lines."""

from django.contrib import admin

from sources.admin import CitedFactAdmin, FactPartAdmin

from . import selectors
from .models import Budget, Programme, StatedTotal


@admin.register(Programme)
class ProgrammeAdmin(CitedFactAdmin):
    list_display = ["name", "level", "purpose"]
    list_filter = ["level"]
    search_fields = ["name", "slug", "purpose"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return selectors.programme_list()


@admin.register(StatedTotal)
class StatedTotalAdmin(CitedFactAdmin):
    list_display = ["label", "kind", "amount", "part_of", "is_derived"]
    list_filter = ["kind", "qualifier", "is_derived"]
    search_fields = ["label", "slug", "derivation"]
    autocomplete_fields = ["part_of"]
    filter_horizontal = ["programmes"]
    prepopulated_fields = {"slug": ["label"]}

    def get_queryset(self, request):
        return selectors.stated_total_list()

    @admin.display(description="Amount", ordering="amount_eur_million")
    def amount(self, total):
        return total.display_amount


@admin.register(Budget)
class BudgetAdmin(FactPartAdmin):
    list_display = ["factory", "label", "display_amount"]
    list_filter = ["qualifier", "factory"]
    search_fields = ["factory__name", "label"]
    autocomplete_fields = ["factory"]

    def get_queryset(self, request):
        return selectors.budget_list()

    @admin.display(description="Amount", ordering="amount_eur_million")
    def display_amount(self, budget):
        return budget.display_amount
