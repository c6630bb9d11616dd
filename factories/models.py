from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from consortia.models import Country, Membership, Organisation
from sources.links import page_url
from sources.models import CitedFact


class SelectionRound(CitedFact):
    """A call in which EuroHPC selected AI Factories, and what it said about the next one."""

    fact_fields = ("name", "announced_on", "next_cutoff_on", "interested_countries")
    editors_may_delete = False

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    announced_on = models.DateField()
    next_cutoff_on = models.DateField(
        null=True, blank=True, help_text="Cut-off date for further proposals announced with it."
    )
    interested_countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="interest_declared_in",
        help_text="States that declared interest, e.g. by a letter of intent.",
    )

    # Each version records the interested states too: django-simple-history's declaration of
    # the many-to-many fields to track on a model whose history it inherits (CitedFact's).
    _history_m2m_fields = ["interested_countries"]

    class Meta:
        ordering = ["announced_on"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("factories:selection-round-detail", self.slug)

    def public_url(self):
        return self.get_absolute_url()


class AIFactory(CitedFact):
    """An AI Factory selected by the EuroHPC Joint Undertaking."""

    fact_fields = (
        "name",
        "selection_round",
        "summary",
        "infrastructure",
        "experimental_platform",
        "deployment_start_year",
        "deployment_end_year",
    )
    editors_may_delete = False

    class Infrastructure(models.TextChoices):
        NEW_SYSTEM = "new_system", "New AI-optimised supercomputer"
        UPGRADE = "upgrade", "Upgrade of an existing supercomputer"
        ASSOCIATED = "associated", "Associated with an existing supercomputer"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    selection_round = models.ForeignKey(
        SelectionRound, on_delete=models.PROTECT, related_name="factories"
    )
    summary = models.TextField()
    infrastructure = models.CharField(max_length=20, choices=Infrastructure.choices)
    experimental_platform = models.BooleanField(
        default=False,
        help_text="Features an experimental platform for developing and testing AI models.",
    )
    deployment_start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    deployment_end_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "AI Factory"
        verbose_name_plural = "AI Factories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deployment_start_year__isnull=True)
                | models.Q(deployment_end_year__isnull=True)
                | models.Q(deployment_start_year__lte=models.F("deployment_end_year")),
                name="factory_deployment_years_in_order",
                violation_error_message="Deployment cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("factories:factory-detail", self.slug)

    def clean(self):
        if (
            self.deployment_start_year
            and self.deployment_end_year
            and self.deployment_start_year > self.deployment_end_year
        ):
            raise ValidationError(
                {"deployment_end_year": "Deployment cannot end before it starts."}
            )

    @property
    def host_membership(self):
        """The host from prefetched memberships when there are some, to keep pages at fixed queries."""
        hosts, _ = Membership.split(self.memberships.all())
        return hosts[0] if hosts else None

    @property
    def host_country(self):
        host = self.host_membership
        return host.country if host else None

    @property
    def member_memberships(self):
        _, members = Membership.split(self.memberships.all())
        return members

    @property
    def member_countries(self):
        return [membership.country for membership in self.member_memberships]


class FactoryName(CitedFact):
    """Another name a source uses for an AI Factory: a short form, a full form or a misspelling."""

    fact_fields = ("name",)
    factory_part_of = "factory"

    class Kind(models.TextChoices):
        SHORT_FORM = "short_form", "Short form"
        LONG_FORM = "long_form", "Long form"
        SPELLING_VARIANT = "spelling_variant", "Spelling variant in a source"
        CONFUSED_NAME = "confused_name", "Name of something else used for it"

    factory = models.ForeignKey(AIFactory, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["factory__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["factory", "name"], name="factory_name_unique"),
        ]

    def __str__(self):
        return self.name

    def part_label(self):
        return f"other name “{self.name}”"


class HostSite(CitedFact):
    """Where an AI Factory is hosted: a city, its country, the hosting organisation, coordinates."""

    fact_fields = ("city", "place", "country", "organisation", "latitude", "longitude")
    factory_part_of = "factory"

    factory = models.OneToOneField(AIFactory, on_delete=models.CASCADE, related_name="site")
    city = models.CharField(max_length=100)
    place = models.CharField(
        max_length=200, blank=True, help_text="Campus or district, e.g. Bologna Tecnopolo."
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="sites")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hosted_sites"
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )

    class Meta:
        ordering = ["city"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="site_latitude_in_range",
                violation_error_message="Latitude must lie between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_in_range",
                violation_error_message="Longitude must lie between -180 and 180.",
            ),
        ]

    def __str__(self):
        return f"{self.city}, {self.country}"

    def clean(self):
        if not (self.factory_id and self.country_id):
            return
        host = (
            Membership.objects.hosts()
            .filter(factory_id=self.factory_id)
            .select_related("country")
            .first()
        )
        if host and host.country_id != self.country_id:
            raise ValidationError(
                {"country": f"The site must be in the factory's host country, {host.country}."}
            )

    def change_phrase(self, added):
        return f"host site in {self.city} {'added' if added else 'removed'}"


class Supercomputer(CitedFact):
    """A EuroHPC supercomputer, existing or new, that an AI Factory builds on."""

    fact_fields = ("country", "status", "is_ai_optimised")

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_DEPLOYMENT = "under_deployment", "Under deployment"
        EXISTING = "existing", "Existing"
        OPERATIONAL = "operational", "Operational"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="supercomputers")
    # Empty (null) is “not stated”: a value is stored only as far as a source states it.
    is_ai_optimised = models.BooleanField(null=True, blank=True, default=None)
    status = models.CharField(max_length=20, choices=Status.choices, null=True, blank=True)  # noqa: DJ001
    lifecycle_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("factories:supercomputer-detail", self.slug)

    def public_url(self):
        return self.get_absolute_url()


class FactorySystem(CitedFact):
    """How a supercomputer relates to an AI Factory: its new system, upgraded, evolved from…"""

    fact_fields = ("supercomputer", "relation")
    factory_part_of = "factory"

    class Relation(models.TextChoices):
        NEW_SYSTEM = "new_system", "New system of the factory"
        UPGRADES = "upgrades", "Upgraded by the factory"
        EVOLVES_FROM = "evolves_from", "Factory evolved from it"
        PLACED_NEXT_TO = "placed_next_to", "Factory's system placed next to it"
        ASSOCIATED_WITH = "associated_with", "Factory associated with it"
        SUCCEEDS = "succeeds", "Succeeded by the factory's system"

    factory = models.ForeignKey(AIFactory, on_delete=models.CASCADE, related_name="systems")
    supercomputer = models.ForeignKey(
        Supercomputer, on_delete=models.PROTECT, related_name="factory_links"
    )
    relation = models.CharField(max_length=20, choices=Relation.choices)

    class Meta:
        ordering = ["factory__name", "relation", "supercomputer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "supercomputer"], name="factory_system_once"
            ),
        ]

    def __str__(self):
        return f"{self.factory} – {self.supercomputer}: {self.get_relation_display()}"

    def part_label(self):
        return f"link to {self.supercomputer}"
