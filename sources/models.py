import hashlib
from functools import lru_cache
from typing import ClassVar

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .links import page_url
from .text import normalise, passage_of, readable_text, sentences


@lru_cache(maxsize=256)
def _passages(archived_text, text_format):
    """Passages of a document, computed once per document text (the text is the cache key)."""
    return tuple(sentences(readable_text(archived_text, text_format)))


@lru_cache(maxsize=2048)
def _passage_number(archived_text, text_format, quote):
    """The passage a quote lies in, found once per quote and text: a page of 50 facts from 50
    documents links each quote to its passage without splitting and normalising them again."""
    return passage_of(_passages(archived_text, text_format), quote)


class Source(models.Model):
    """A document the registry's facts come from, with its archived text."""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", "News report"
        NEWS_POST = "news_post", "Institutional news post"
        NEWS_ARTICLE = "news_article", "News article"
        PROJECT_PAGE = "project_page", "Project page"
        AGENCY_NEWS = "agency_news", "Agency news page"
        REFERENCE_DATA = "reference_data", "Public reference data"

    class Format(models.TextChoices):
        PLAIN = "plain", "Plain text"
        WORDPRESS_JSON = "wordpress_json", "WordPress REST API JSON (HTML in content.rendered)"
        HTML = "html", "HTML page"

    class Reliability(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Blank when the text names none."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    published_on = models.DateField(null=True, blank=True)
    date_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the text says about its date, when it gives none.",
    )
    url = models.URLField(
        max_length=500, blank=True, help_text="Only where the document gives one."
    )
    reliability = models.CharField(max_length=10, choices=Reliability.choices)
    reliability_note = models.TextField()
    archive_file = models.CharField(
        max_length=200, blank=True, help_text="File name of the original under sources/archive/."
    )
    text_format = models.CharField(max_length=20, choices=Format.choices, default=Format.PLAIN)
    archived_text = models.TextField(help_text="The document's text exactly as archived.")
    archive_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the archived text (UTF-8); set when the source is saved.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(archived_text=""), name="source_archived_text_not_empty"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.archive_sha256 = self.text_digest()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_url("sources:source-detail", self.slug)

    def text_digest(self):
        """The SHA-256 of the archived text as it is now."""
        return hashlib.sha256(self.archived_text.encode("utf-8")).hexdigest()

    @cached_property
    def passages(self):
        """The readable text's passages (sentences, table rows), in order, numbered from 1."""
        return _passages(self.archived_text, self.text_format)

    def passage_anchor(self, quote):
        """The anchor of the passage a quote comes from on this source's page, or ""."""
        number = _passage_number(self.archived_text, self.text_format, quote)
        return f"passage-{number}" if number else ""

    @cached_property
    def readable_text(self):
        """The archived text as a reader sees it: JSON and HTML unwrapped."""
        return readable_text(self.archived_text, self.text_format)

    @cached_property
    def _normalised_text(self):
        return normalise(self.readable_text)

    def contains_quote(self, quote):
        return normalise(quote) in self._normalised_text


class CitationQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def with_source(self):
        return self.select_related("source", "content_type")


class Citation(models.Model):
    """A verbatim quote from a source that supports, or disputes, one field of one object."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(
        max_length=60, help_text="The field of the object this quote is about."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(help_text="Verbatim from the source's text.")
    stated_value = models.CharField(max_length=300, help_text="The value as this source states it.")
    is_accepted = models.BooleanField(
        default=True,
        help_text="Whether this source's version is the one the registry accepts.",
    )
    added_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was cited; empty if loaded."
    )
    superseded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a new value with new evidence replaced the value this citation states.",
    )
    note = models.TextField(
        blank=True, help_text="Why this version is or is not accepted, or how a value was derived."
    )

    objects = CitationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "field_name", "-is_accepted", "source__slug", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "field_name"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quote=""), name="citation_quote_not_empty"),
            models.CheckConstraint(
                condition=~models.Q(field_name=""), name="citation_field_name_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.source}: “{self.quote[:60]}”"

    def passage_url(self):
        """The source's page at the passage this quote comes from."""
        anchor = self.source.passage_anchor(self.quote)
        return (
            f"{self.source.get_absolute_url()}#{anchor}"
            if anchor
            else self.source.get_absolute_url()
        )

    def clean(self):
        errors = {}
        if not self.quote or not self.quote.strip():
            errors["quote"] = "A citation needs a quote from its source."
        elif self.source_id and not self.source.contains_quote(self.quote):
            errors["quote"] = f"This quote does not occur in the text of “{self.source}”."
        if self.content_type_id and self.field_name:
            model = self.content_type.model_class()
            try:
                model._meta.get_field(self.field_name)
            except (FieldDoesNotExist, AttributeError):
                label = model._meta.verbose_name if model else "this object"
                errors["field_name"] = f"The {label} has no field “{self.field_name}”."
        if errors:
            raise ValidationError(errors)


class CitedFact(models.Model):
    """A kind of fact the registry publishes only with evidence: the one declaration of it.

    A model becomes citable by inheriting this class and naming, in `fact_fields`, the fields
    whose values are facts: each such field, when it has a value, needs an accepted citation,
    and a changed value needs a new one. Every list of citable models (history, cache, editors'
    permissions, checks, the admin's and the API's choices of subject) comes from here.
    """

    # The fields whose values the sources must state.
    fact_fields: ClassVar[tuple[str, ...]] = ()
    # The field naming the AI Factory this fact belongs to, if it is a part of one: its changes
    # and evidence are shown on that factory's page.
    factory_part_of: ClassVar[str | None] = None
    # Whether editors may delete such a fact (an AI Factory, a round or a state they may not).
    editors_may_delete: ClassVar[bool] = True

    citations = GenericRelation(Citation)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @classmethod
    def fact_label(cls, field_name):
        """A field as a reader says it: its verbose name (“deployment start year”)."""
        try:
            return str(cls._meta.get_field(field_name).verbose_name)
        except FieldDoesNotExist:  # a citation may name a field the model no longer has
            return field_name.replace("_", " ")

    def owner(self):
        """The object whose page shows this fact: itself, or the factory it is part of."""
        return getattr(self, self.factory_part_of) if self.factory_part_of else self

    def public_url(self):
        """The public page on which this fact is shown with its evidence."""
        return self.owner().get_absolute_url()

    # How the list of changes tells this kind of fact. A fact that is part of an AI Factory is
    # told as a part of it (“LUMI AI Factory: budget changed from …”), in its own words.

    # Fields whose values read as one, told as one change: a budget's amount and qualifier
    # read “at least €556 million”, so it “changed from at least €556 million to €600 million”.
    read_as_one: ClassVar[tuple[str, ...]] = ()

    def value_read_as_one(self):
        """The fields in `read_as_one` as one value, as a reader says it."""
        return ", ".join(str(getattr(self, name)) for name in self.read_as_one)

    def part_label(self):
        """What this fact is called as a part of its factory: “host site”, “Sweden’s membership”."""
        return str(self._meta.verbose_name)

    def change_phrase(self, added):
        """What adding (or removing) this part did to its factory: “budget of €5 million added”."""
        return f"{self.part_label()} {'added' if added else 'removed'}"


def recorded_models():
    """The registry's models whose every change is recorded: sources, citations, cited facts."""
    return [Source, Citation, *citable_models()]


def citable_models():
    """Every concrete model that declares itself a cited fact, in app and model order."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, CitedFact) and not model._meta.abstract
    ]
