"""The editors' admin: what every registry admin shares, sources, and citations.

Every admin page saves and deletes through `sources.services`, as the API does, so the
evidence rules hold whichever way an editor works. A cited fact's page carries its citation
rows; a changed value is refused unless a row quotes the passage that states the new one.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from simple_history.admin import SimpleHistoryAdmin

from . import selectors, services
from .citing import EvidencePrefill, cite_view
from .models import Citation, Source, citable_models
from .text import guess_format


class VersionedForm(forms.ModelForm):
    """A form that carries the version it was opened at, and refuses a save based on an older one."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].initial = selectors.edit_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
            if stored is not None:
                services.check_version(stored, cleaned.get("based_on"))
        return cleaned


def _reverted_version(request, model):
    """The version an editor is reverting to when saving from the history's version page."""
    match = request.resolver_match
    if not match or not match.url_name.endswith("_simple_history"):
        return None
    return model.history.filter(history_id=match.args[1]).first()


class RecordedAdmin(SimpleHistoryAdmin):
    """A registry admin: every save recorded, revertible from the history, never a stale save.

    A rule broken at save time (by an edit that raced this one) rolls the whole save back and
    says so; the form's own validation has already run the same rules.
    """

    form = VersionedForm
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 70})}
    }

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "based_on" in fields else [*fields, "based_on"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(
                request, f"Nothing was saved: {' '.join(error.messages)}", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (ValidationError, ProtectedError) as error:
            message = (
                " ".join(error.messages) if isinstance(error, ValidationError) else error.args[0]
            )
            self.message_user(request, f"Nothing was deleted: {message}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def revert_reason(self, request, obj):
        version = _reverted_version(request, type(obj))
        if version is None:
            return None, None
        when = date_format(timezone.localtime(version.history_date), "j F Y, H:i")
        return f"{services.REVERT_REASON}{when}", version

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


# --- Cited facts ---------------------------------------------------------------------------


def citable_fields(model):
    """The fields of a model a citation can be about, as (name, label) choices, facts first."""
    facts = [(name, str(model._meta.get_field(name).verbose_name)) for name in model.fact_fields]
    others = [
        (field.name, str(field.verbose_name))
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.name not in model.fact_fields
    ]
    return [("Facts", facts), ("Other fields", others)] if others else facts


class EvidenceFormSet(BaseGenericInlineFormSet):
    """A fact's citation rows, checked against the fact's form as the service will check them."""

    def evidence(self):
        """(new citations, edited citations, removed citations) in this submission."""
        deleted = self.deleted_forms
        new = [form.instance for form in self.extra_forms if form.has_changed()]
        new = [c for c, form in zip(new, self.extra_forms, strict=False) if form not in deleted]
        edited = [
            form.instance
            for form in self.initial_forms
            if form not in deleted and form.has_changed()
        ]
        removed = [form.instance for form in deleted if form.instance.pk is not None]
        return new, edited, removed

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        fact = self.instance
        model = type(fact)
        stored = model._default_manager.filter(pk=fact.pk).first() if fact.pk else None
        new, edited, removed = self.evidence()
        changed = services.changed_fact_fields(fact, stored)
        kept = services.kept_fields(stored, edited, removed, changed)
        had = services.accepted_fields(stored) if stored else set()
        problems = services.evidence_problems(fact, changed, new, kept, had)
        if problems:
            raise ValidationError(list(problems.values()))


class CitationInline(GenericTabularInline):
    """The citations of one fact's fields, edited on that fact's page."""

    model = Citation
    formset = EvidenceFormSet
    fields = ["field_name", "source", "quote", "stated_value", "is_accepted", "note"]
    extra = 1
    verbose_name = "citation (the evidence for a field)"
    verbose_name_plural = "evidence: a verbatim passage from a source for each field"

    def get_queryset(self, request):
        if not self.has_view_or_change_permission(request):
            return Citation.objects.none()
        return Citation.objects.with_source()

    def get_extra(self, request, obj=None, **kwargs):
        # Opened from a passage (the source's cite view): one row per field it is evidence for.
        rows = prefilled_rows(request, self.parent_model)
        return len(rows) if rows else self.extra

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


def prefilled_rows(request, model):
    """The citation rows a page opened from a passage starts with (none on a submission)."""
    if request.method != "GET" or "evidence_quote" not in request.GET:
        return []
    return EvidencePrefill(request.GET).rows(model)


class CitedFactAdmin(RecordedAdmin):
    """The admin of a cited fact: its citation rows on its page, saved with it in one write."""

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), CitationInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CitationInline):
            rows = prefilled_rows(request, self.model)
            if rows:
                kwargs["initial"] = rows
        return kwargs

    def save_model(self, request, obj, form, change):
        reason, version = self.revert_reason(request, obj)
        if version is not None:
            # The history's version page has no citation rows: the version's evidence returns.
            services.fact_save(
                obj,
                based_on=form.cleaned_data.get("based_on"),
                restore_as_of=version.history_date,
                user=request.user,
                reason=reason,
            )
        # Otherwise the fact is saved with its citation rows, in save_related.

    def save_related(self, request, form, formsets, change):
        if _reverted_version(request, type(form.instance)) is not None:
            return super().save_related(request, form, formsets, change)
        evidence = next(fs for fs in formsets if isinstance(fs, EvidenceFormSet))
        new, edited, removed = evidence.evidence()
        opts = form.instance._meta
        m2m = {
            field.name: form.cleaned_data[field.name]
            for field in opts.many_to_many
            if field.name in form.cleaned_data
        }
        services.fact_save(
            form.instance,
            citations=new,
            changed_citations=edited,
            removed_citations=removed,
            m2m=m2m,
            based_on=form.cleaned_data.get("based_on"),
            user=request.user,
        )
        # What the admin's change message reads, as formset.save() would have left it.
        evidence.new_objects = new
        evidence.changed_objects = [
            (form.instance, form.changed_data)
            for form in evidence.initial_forms
            if form.instance in edited
        ]
        evidence.deleted_objects = removed
        for formset in formsets:
            if formset is not evidence:
                self.save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.fact_delete(obj, user=request.user)


class FactPartInline(admin.TabularInline):
    """A factory's parts (budget lines, members, names…) listed on its page, each edited on its own
    page with its evidence: the list links to each and to adding another."""

    template = "admin/edit_inline/fact_parts.html"
    extra = 0
    show_change_link = True
    can_delete = False
    selector = None

    def get_queryset(self, request):
        if not self.has_view_or_change_permission(request):
            return self.model._default_manager.none()
        return self.selector()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FactPartAdmin(CitedFactAdmin):
    """A part of an AI Factory: opened from the factory's page, it returns there when saved."""

    def _back_to_factory(self, request, obj):
        factory = obj.owner()
        url = reverse(
            f"admin:{factory._meta.app_label}_{factory._meta.model_name}_change",
            args=[factory.pk],
        )
        return HttpResponseRedirect(url)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        super().response_add(request, obj, post_url_continue)
        return self._back_to_factory(request, obj)

    def response_change(self, request, obj):
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_change(request, obj)
        super().response_change(request, obj)
        return self._back_to_factory(request, obj)


# --- Sources and citations -----------------------------------------------------------------


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
