"""What every registry admin shares: history and revert, no stale save, and for a cited fact its
citation rows saved with it through `sources.services`, as the API's writes are.

A changed value is refused unless a row quotes the passage that states the new one.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from .. import selectors, services
from ..citing import EvidencePrefill
from ..models import Citation


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
