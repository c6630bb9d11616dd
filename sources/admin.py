"""The editors' admin for sources and their citations."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.utils.text import Truncator

from changes.admin import RecordedAdmin

from . import selectors
from .models import Citation, Source, citable_models


def citable_fields(model):
    """The fields of a model a citation can be about, as (name, label) choices."""
    return [
        (field.name, f"{field.verbose_name} ({field.name})")
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    ]


class CitationInline(GenericTabularInline):
    """The citations of one object's fields, edited on that object's page."""

    model = Citation
    fields = ["field_name", "source", "quote", "stated_value", "is_accepted", "note"]
    extra = 1

    def get_queryset(self, request):
        if not self.has_view_or_change_permission(request):
            return Citation.objects.none()
        return Citation.objects.with_source()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source":
            # A plain list rather than an autocomplete: the registry has a handful of sources
            # and an editor picks one faster by seeing them all. The list is read once for
            # all rows, not once a row, and without the add/edit icons beside every row.
            formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
            formfield.widget = forms.Select()
            formfield.choices = list(formfield.choices)
            return formfield
        if db_field.name == "field_name":
            return forms.ChoiceField(
                choices=[("", "---------"), *citable_fields(self.parent_model)],
                label="Field",
                help_text=db_field.help_text,
            )
        if db_field.name in {"quote", "note"}:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


CITATION_FIELDS = [
    "content_type",
    "object_id",
    "field_name",
    "source",
    "quote",
    "stated_value",
    "is_accepted",
    "note",
]


class CitationForm(forms.ModelForm):
    """A citation on its own page names its fact by kind and id; the fact must exist."""

    class Meta:
        model = Citation
        fields = CITATION_FIELDS

    def clean(self):
        cleaned = super().clean()
        content_type, object_id = cleaned.get("content_type"), cleaned.get("object_id")
        if content_type and object_id is not None:
            model = content_type.model_class()
            if model is None or not model._default_manager.filter(pk=object_id).exists():
                label = model._meta.verbose_name if model else content_type.model
                self.add_error("object_id", f"There is no {label} with id {object_id}.")
        return cleaned


class CitedFactFilter(admin.SimpleListFilter):
    """Which kind of fact a citation is about, among the registry's own models only."""

    title = "kind of fact"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        content_types = ContentType.objects.get_for_models(*citable_models())
        return [
            (content_type.pk, model._meta.verbose_name.capitalize())
            for model, content_type in content_types.items()
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type_id=self.value())
        return queryset


@admin.register(Source)
class SourceAdmin(RecordedAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "reliability", "cited_facts"]
    list_filter = ["kind", "reliability", "text_format"]
    search_fields = ["title", "publisher", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return selectors.source_list()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # the scheme Django 6 assumes; sources are https
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Citations", ordering="citation_count")
    def cited_facts(self, source):
        return source.citation_count


@admin.register(Citation)
class CitationAdmin(RecordedAdmin):
    form = CitationForm
    list_display = ["cited_fact", "field_name", "short_quote", "source", "is_accepted"]
    list_filter = [CitedFactFilter, "is_accepted", "source"]
    search_fields = ["quote", "stated_value", "field_name", "note", "source__title"]
    autocomplete_fields = ["source"]
    fields = CITATION_FIELDS

    def get_queryset(self, request):
        return selectors.citation_list()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = ContentType.objects.filter(
                pk__in=[
                    ct.pk for ct in ContentType.objects.get_for_models(*citable_models()).values()
                ]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Fact")
    def cited_fact(self, citation):
        return citation.subject if citation.subject is not None else "(removed)"

    @admin.display(description="Quote")
    def short_quote(self, citation):
        return Truncator(citation.quote).chars(80)
