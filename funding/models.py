from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from sources.links import page_url
from sources.models import CitedFact

from .money import format_eur


class Programme(CitedFact):
    """A funding programme: an EU programme or national funding."""

    fact_fields = ("name",)

    class Level(models.TextChoices):
        EU = "eu", "EU"
        NATIONAL = "national", "National"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Level.choices)
    purpose = models.CharField(max_length=200, help_text="What the programme pays for here.")

    class Meta:
        ordering = ["level", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("funding:programme-detail", self.slug)

    def public_url(self):
        return self.get_absolute_url()


class Qualifier(models.TextChoices):
    """How a source states an amount."""

    EXACT = "exact", "Exact"
    AT_LEAST = "at_least", "At least"
    UNKNOWN = "unknown", "Unknown"


def _amount_rules(amount, qualifier):
    """An unknown amount is stored as unknown (no number), never as 0."""
    if qualifier == Qualifier.UNKNOWN and amount is not None:
        return {
            "amount_eur_million": "An unknown amount has no number; clear it or change the qualifier."
        }
    if qualifier != Qualifier.UNKNOWN and amount is None:
        return {"amount_eur_million": "Give the amount, or mark it as unknown."}
    if amount is not None and amount < 0:
        return {"amount_eur_million": "An amount cannot be negative."}
    return {}


_AMOUNT_CONSTRAINTS = [
    (
        "amount_not_negative",
        models.Q(amount_eur_million__isnull=True) | models.Q(amount_eur_million__gte=0),
    ),
    (
        "unknown_has_no_amount",
        models.Q(qualifier=Qualifier.UNKNOWN, amount_eur_million__isnull=True)
        | (~models.Q(qualifier=Qualifier.UNKNOWN) & models.Q(amount_eur_million__isnull=False)),
    ),
]


class StatedTotal(CitedFact):
    """A headline amount the sources state for the initiative, e.g. €1.5 billion for the first seven."""

    fact_fields = ("amount_eur_million",)

    class Kind(models.TextChoices):
        INVESTMENT = "investment", "Investment"
        SHARE = "share", "Share of an investment"
        GOAL = "goal", "Goal"

    slug = models.SlugField(max_length=80, unique=True)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount_eur_million = models.DecimalField(
        max_digits=12, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    part_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="shares"
    )
    programmes = models.ManyToManyField(Programme, blank=True, related_name="stated_totals")
    # Each version records the programmes too: django-simple-history's declaration of the
    # many-to-many fields to track on a model whose history it inherits (CitedFact's).
    _history_m2m_fields = ["programmes"]
    is_derived = models.BooleanField(
        default=False,
        help_text="True when the number is worked out from a rule a source gives (“half of this amount”), not stated.",
    )
    derivation = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=condition, name=f"stated_total_{name}")
            for name, condition in _AMOUNT_CONSTRAINTS
        ]

    def __str__(self):
        return self.label

    @property
    def display_amount(self):
        return format_eur(self.amount_eur_million, self.qualifier)

    def public_url(self):
        return reverse("funding:overview")

    def clean(self):
        errors = _amount_rules(self.amount_eur_million, self.qualifier)
        if self.is_derived and not self.derivation:
            errors["derivation"] = "Say how a derived amount was worked out."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def fact_label(cls, field_name):
        """The amount is said as “amount”: the unit shows in the amount as written."""
        return "amount" if field_name == "amount_eur_million" else super().fact_label(field_name)


class Budget(CitedFact):
    """A budget line of one AI Factory, with how the source qualifies it."""

    fact_fields = ("amount_eur_million", "qualifier")
    factory_part_of = "factory"

    factory = models.ForeignKey(
        "factories.AIFactory", on_delete=models.CASCADE, related_name="budgets"
    )
    label = models.CharField(max_length=100, default="Total budget")
    amount_eur_million = models.DecimalField(
        max_digits=10, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices)

    class Meta:
        ordering = ["factory__name", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "label"], name="budget_label_once_per_factory"
            ),
            *(
                models.CheckConstraint(condition=condition, name=f"budget_{name}")
                for name, condition in _AMOUNT_CONSTRAINTS
            ),
        ]

    def __str__(self):
        return f"{self.factory}: {self.display_amount}"

    @property
    def display_amount(self):
        return format_eur(self.amount_eur_million, self.qualifier)

    def clean(self):
        errors = _amount_rules(self.amount_eur_million, self.qualifier)
        if errors:
            raise ValidationError(errors)

    @classmethod
    def fact_label(cls, field_name):
        """The amount is said as “amount”: the unit shows in the amount as written."""
        return "amount" if field_name == "amount_eur_million" else super().fact_label(field_name)

    # The amount and how the source qualifies it read as one: “at least €556 million”.
    read_as_one = ("amount_eur_million", "qualifier")

    def value_read_as_one(self):
        return self.display_amount

    def part_label(self):
        return "budget" if self.label == "Total budget" else f"budget line “{self.label}”"

    def change_phrase(self, added):
        return f"{self.part_label()} of {self.display_amount} {'added' if added else 'removed'}"
