"""The editors' admin for sources (documents, pasted or uploaded, and their cite view) and for
citations on their own pages."""

from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst

from .. import selectors, services
from ..citing import cite_view
from ..models import Citation, Source, citable_models
from ..text import guess_format
from .base import RecordedAdmin, VersionedForm


class SourceForm(VersionedForm):
    """A source: its details, and its document pasted as text or uploaded as a file."""

    # The scheme Django 6 assumes; the sources' addresses are https.
    url = forms.URLField(assume_scheme="https", required=False, max_length=500)
    upload = forms.FileField(
        required=False,
        label="Or upload the document",
        help_text="A plain-text, HTML or WordPress JSON file (UTF-8); its format is recognised. "
        "The registry keeps it as archived, named by its SHA-256.",
    )

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "publisher",
            "kind",
            "published_on",
            "date_note",
            "url",
            "reliability",
            "reliability_note",
            "text_format",
            "archived_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "archived_text" in self.fields:
            self.fields["archived_text"].required = False
            self.fields["archived_text"].label = "Document text (paste it here)"

    def clean(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error(
                    "upload", "The file is not UTF-8 text; save it as UTF-8 and upload it again."
                )
                text = ""
            if text:
                self.cleaned_data["archived_text"] = text
                self.cleaned_data["text_format"] = guess_format(upload.name, text)
                self.instance.archived_text = text
                self.instance.text_format = self.cleaned_data["text_format"]
        cleaned = super().clean()
        if not cleaned.get("archived_text") and "upload" not in self.errors:
            self.add_error("archived_text", "Paste the document's text, or upload its file.")
        if self.instance.pk is not None:
            problem = services.archive_change_problem(
                self.instance, cleaned.get("archived_text"), cleaned.get("text_format")
            )
            if problem:
                self.add_error("archived_text", problem)
        return cleaned


def describe_citation(citation):
    """What a citation supports, in words: “LUMI AI Factory · summary: “quote…””."""
    subject = citation.subject if citation.subject is not None else "a removed fact"
    return f"{subject} · {citation.field_name}: “{Truncator(citation.quote).chars(90)}”"


@admin.register(Source)
class SourceAdmin(RecordedAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "kind", "published_on", "reliability", "cited_facts"]
    list_filter = ["kind", "reliability", "text_format"]
    search_fields = ["title", "publisher", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["archive_file", "archive_sha256", "readable"]

    @admin.display(description="As a reader sees it")
    def readable(self, source):
        if source.pk is None:
            return "—"
        url = reverse("admin:sources_source_cite", args=[source.pk])
        return format_html(
            '<a href="{}">Read it and cite its passages</a><div class="registry-readable">{}</div>',
            url,
            Truncator(source.readable_text).chars(1500),
        )

    def get_queryset(self, request):
        return selectors.source_list()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # the scheme Django 6 assumes; sources are https
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Citations", ordering="citation_count")
    def cited_facts(self, source):
        return source.citation_count

    def response_add(self, request, obj, post_url_continue=None):
        """A new document opens at once as a reader sees it, ready to cite its passages."""
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(reverse("admin:sources_source_cite", args=[obj.pk]))

    def get_urls(self):
        cite = self.admin_site.admin_view(partial(cite_view, self))
        return [
            path("<path:object_id>/cite/", cite, name="sources_source_cite"),
            *super().get_urls(),
        ]

    def get_deleted_objects(self, objs, request):
        """A cited source is not deleted: name each citation in the way, and its fact."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        citations = selectors.citation_list().filter(source__in=list(objs))
        if citations:
            prefix = f"{capfirst(Citation._meta.verbose_name)}: "
            protected = [entry for entry in protected if not str(entry).startswith(prefix)] + [
                format_html(
                    '{}<a href="{}">{}</a>',
                    prefix,
                    reverse("admin:sources_citation_change", args=[citation.pk]),
                    describe_citation(citation),
                )
                for citation in citations
            ]
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        services.source_save(obj, user=request.user)

    def delete_model(self, request, obj):
        services.source_delete(obj, user=request.user)


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


class CitationForm(VersionedForm):
    """A citation on its own page names its fact by kind and id; the fact must exist and keep
    its evidence."""

    class Meta:
        model = Citation
        fields = CITATION_FIELDS

    def clean(self):
        cleaned = super().clean()
        content_type, object_id = cleaned.get("content_type"), cleaned.get("object_id")
        if content_type and object_id is not None:
            try:
                services.citation_subject(content_type, object_id)
            except ValidationError as error:
                for field, field_messages in error.message_dict.items():
                    for message in field_messages:
                        self.add_error(field, message)
        if self.instance.pk is not None and not self.errors:
            for message in services.citation_change_problems(self.instance):
                self.add_error("is_accepted", message)
        return cleaned


class CitedFactFilter(admin.SimpleListFilter):
    """Which kind of fact a citation is about."""

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


@admin.register(Citation)
class CitationAdmin(RecordedAdmin):
    form = CitationForm
    list_display = ["cited_fact", "field_name", "short_quote", "source", "is_accepted"]
    list_filter = [CitedFactFilter, "is_accepted", "source"]
    search_fields = ["quote", "stated_value", "field_name", "note", "source__title"]
    autocomplete_fields = ["source"]
    fields = [*CITATION_FIELDS, "based_on"]

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

    def save_model(self, request, obj, form, change):
        services.citation_save(obj, user=request.user)

    def delete_model(self, request, obj):
        services.citation_delete(obj, user=request.user)

    @admin.display(description="Fact")
    def cited_fact(self, citation):
        return citation.subject if citation.subject is not None else "(removed)"

    @admin.display(description="Quote")
    def short_quote(self, citation):
        return Truncator(citation.quote).chars(80)
