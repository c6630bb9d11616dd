"""Citing by selecting: a source's readable text with its cited passages marked, and a form
beside it that turns a selected passage into evidence.

From a passage an editor can (a) cite an existing fact with it, (b) open a fact's page to change
its value with the passage as the new evidence, or (c) open the page that creates a new fact with
the passage as the evidence of its fields. All three end in the same services as every other
write (`services.citation_create`, `services.fact_save` through the fact's admin page).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_countries import countries

from . import selectors, services
from .models import Source, citable_models
from .text import normalise, sentences


def fact_label(obj, field_name):
    """A fact field in plain words: “LUMI AI Factory — budget amount”."""
    part = f"{obj.part_label()} " if obj.factory_part_of else ""
    return f"{obj.owner()} — {part}{type(obj).fact_label(field_name)}"


def fact_choices():
    """Every fact field of every cited fact, grouped by kind, as (`ct:id:field`, label)."""
    groups = []
    content_types = ContentType.objects.get_for_models(*citable_models())
    for model in citable_models():
        content_type = content_types[model]
        options = [
            (f"{content_type.pk}:{obj.pk}:{name}", fact_label(obj, name))
            for obj in selectors.named_objects(model)
            for name in model.fact_fields
        ]
        if options:
            groups.append(
                (
                    str(model._meta.verbose_name_plural).capitalize(),
                    sorted(options, key=lambda o: o[1]),
                )
            )
    return groups


def kind_choices():
    return [
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in citable_models()
    ]


@dataclass
class Passage:
    """One sentence (or table row) of a document, and the facts that cite it."""

    number: int
    text: str
    cited_for: list[str] = field(default_factory=list)

    @property
    def anchor(self):
        return f"passage-{self.number}"


def passages(source):
    """The document's passages in order, each with the labels of the facts that quote it."""
    quotes = []
    for citation in selectors.citation_list().filter(source=source):
        if citation.subject is not None:
            quotes.append(
                (normalise(citation.quote), fact_label(citation.subject, citation.field_name))
            )
    result = []
    for number, text in enumerate(sentences(source.readable_text), start=1):
        plain = normalise(text)
        cited = sorted(
            {label for quote, label in quotes if quote and (quote in plain or plain in quote)}
        )
        result.append(Passage(number, text, cited))
    return result


_NUMBER = re.compile(r"\d")


def known_names():
    """Places, organisations and states the registry names, to spot them in a new document."""
    names = {name for _, name in countries}
    for model in citable_models():
        text_fields = [
            name
            for name in model.fact_fields
            if model._meta.get_field(name).get_internal_type() == "CharField"
            and not model._meta.get_field(name).choices
        ]
        for values in model._default_manager.values_list(*text_fields) if text_fields else []:
            names.update(value for value in values if value and len(value) > 3)
    return names


def uncited_passages(all_passages):
    """The passages no citation uses that carry a number, a place, an organisation or a state."""
    names = known_names()
    return [
        passage
        for passage in all_passages
        if not passage.cited_for
        and (_NUMBER.search(passage.text) or any(name in passage.text for name in names))
    ]


class CiteForm(forms.Form):
    """A selected passage and what to do with it."""

    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Select a passage in the text (or press Enter on a sentence); trim it here if "
        "needed. It must occur in the document word for word.",
    )
    fact = forms.ChoiceField(
        required=False,
        label="Fact",
        help_text="For citing or changing an existing fact; the search box above narrows the list.",
    )
    stated_value = forms.CharField(
        required=False, max_length=300, help_text="The value as this passage states it."
    )
    is_accepted = forms.BooleanField(
        required=False,
        initial=True,
        label="The registry accepts this version",
        help_text="Untick for a version that differs from the accepted one (sources differ).",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(required=False, label="New fact of kind")

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["fact"].choices = [("", "---------"), *fact_choices()]
        self.fields["kind"].choices = [("", "---------"), *kind_choices()]

    def clean_quote(self):
        quote = self.cleaned_data["quote"].strip()
        if not self.source.contains_quote(quote):
            raise ValidationError(f"This quote does not occur in the text of “{self.source}”.")
        return quote

    def chosen_fact(self):
        """(content type, object id, field name) of the chosen fact."""
        content_type_id, object_id, field_name = self.cleaned_data["fact"].split(":")
        return ContentType.objects.get_for_id(int(content_type_id)), int(object_id), field_name

    def require(self, name, message):
        if not self.cleaned_data.get(name):
            self.add_error(name, message)
            return False
        return True


def prefill_query(source, quote, stated_value, field_name=None):
    """The query string that opens a fact's page with a citation row filled from a passage."""
    params = {
        "evidence_source": source.pk,
        "evidence_quote": quote,
        "evidence_stated": stated_value,
    }
    if field_name:
        params["evidence_field"] = field_name
    return urlencode(params)


def cite_view(model_admin, request, object_id):
    """The admin view of a source's text, where each passage can become evidence."""
    source = get_object_or_404(Source, pk=object_id)
    if not (
        model_admin.has_view_permission(request, source)
        and request.user.has_perm("sources.add_citation")
    ):
        raise PermissionDenied
    form = CiteForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        response = _act(request, form, source)
        if response is not None:
            return response
    all_passages = passages(source)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Source._meta,
        "source": source,
        "title": f"Cite from “{source}”",
        "passages": all_passages,
        "uncited": uncited_passages(all_passages),
        "form": form,
        "citation_count": sum(1 for p in all_passages if p.cited_for),
        "normalised_text": normalise(source.readable_text),
    }
    return TemplateResponse(request, "admin/sources/source/cite.html", context)


def _act(request, form, source):
    data = form.cleaned_data
    quote, stated = data["quote"], data["stated_value"]
    if "_cite" in request.POST:
        ok = form.require("fact", "Choose the fact this passage states.")
        ok = form.require("stated_value", "Say the value as this passage states it.") and ok
        if not ok:
            return None
        content_type, object_id, field_name = form.chosen_fact()
        try:
            services.citation_create(
                content_type=content_type,
                object_id=object_id,
                field_name=field_name,
                source=source,
                quote=quote,
                stated_value=stated,
                is_accepted=data["is_accepted"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return None
        messages.success(request, "The passage now cites that fact.")
        return redirect(request.path)
    if "_change" in request.POST:
        if not form.require("fact", "Choose the fact whose value this passage changes."):
            return None
        content_type, object_id, field_name = form.chosen_fact()
        model = content_type.model_class()
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[object_id]
        )
        return redirect(f"{url}?{prefill_query(source, quote, stated, field_name)}")
    if "_create" in request.POST:
        if not form.require("kind", "Choose the kind of fact to create."):
            return None
        app_label, model_name = data["kind"].split(".")
        url = reverse(f"admin:{app_label}_{model_name}_add")
        return redirect(f"{url}?{prefill_query(source, quote, stated)}")
    return None


class EvidencePrefill(forms.Form):
    """The citation rows a fact's page starts with when opened from a passage."""

    evidence_source = forms.ModelChoiceField(queryset=Source.objects.all())
    evidence_quote = forms.CharField()
    evidence_stated = forms.CharField(required=False)
    evidence_field = forms.CharField(required=False)

    def rows(self, model):
        """One row for the named field, or one per fact field of the model."""
        if not self.is_valid():
            return []
        data = self.cleaned_data
        names = [data["evidence_field"]] if data["evidence_field"] else list(model.fact_fields)
        together = getattr(model, "read_as_one", ())
        if set(names) & set(together):  # a budget's amount and qualifier change together
            names += [name for name in together if name not in names]
        return [
            {
                "field_name": name,
                "source": data["evidence_source"].pk,
                "quote": data["evidence_quote"],
                "stated_value": data["evidence_stated"],
                "is_accepted": True,
            }
            for name in names
            if name in {f.name for f in model._meta.get_fields()}
        ]
