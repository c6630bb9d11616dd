from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django_countries import countries
from django_countries.fields import CountryField

from sources.links import page_url
from sources.models import CitedFact


@lru_cache(maxsize=512)
def _state_name(code, language):
    """A state's name in a language, looked up once: django-countries translates it on every
    call (0.07 ms), and a list of fifty factories names a hundred and fifty states."""
    return str(countries.name(code))


class Country(CitedFact):
    """A European state, named by its ISO 3166-1 alpha-2 code, with its standing in EuroHPC."""

    fact_fields = ("standing",)
    editors_may_delete = False

    class Standing(models.TextChoices):
        EU_MEMBER = "eu_member", "EU Member State"
        EUROHPC_PARTICIPATING = "eurohpc_participating", "EuroHPC Participating State"

    code = CountryField(unique=True, help_text="ISO 3166-1 alpha-2, e.g. GR for Greece.")
    standing = models.CharField(max_length=30, choices=Standing.choices)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("consortia:country-detail", self.slug)

    @property
    def name(self):
        return _state_name(self.code.code, get_language())

    @property
    def slug(self):
        return self.code.code.lower()


class Organisation(CitedFact):
    """A hosting entity, partner or supporter of an AI Factory."""

    fact_fields = ("name", "kind", "country", "parent")

    class Kind(models.TextChoices):
        SUPERCOMPUTING_CENTRE = "supercomputing_centre", "Supercomputing centre"
        UNIVERSITY = "university", "University"
        NATIONAL_INFRASTRUCTURE = "national_infrastructure", "National research infrastructure"
        RESEARCH_INSTITUTE = "research_institute", "Research institute"
        COMPANY = "company", "Company"
        FUNDING_AGENCY = "funding_agency", "Funding agency"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    # Empty (null) is “not stated”: most documents name an organisation without saying what it is.
    kind = models.CharField(max_length=30, choices=Kind.choices, null=True, blank=True)  # noqa: DJ001
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="The organisation this one is part of or hosted at, e.g. NAISS at Linköping University.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self):
        return page_url("factories:organisation-detail", self.slug)

    def public_url(self):
        return self.get_absolute_url()


class MembershipQuerySet(models.QuerySet):
    """The host/member rule as SQL; `Membership.split` applies it to memberships already loaded."""

    def hosts(self):
        return self.filter(role=Membership.Role.HOST)

    def members(self):
        return self.filter(role=Membership.Role.MEMBER)


class Membership(CitedFact):
    """A country's place in an AI Factory's consortium: its host, or a member."""

    fact_fields = ("country", "role")
    factory_part_of = "factory"

    class Role(models.TextChoices):
        HOST = "host", "Host"
        MEMBER = "member", "Member"

    factory = models.ForeignKey(
        "factories.AIFactory", on_delete=models.CASCADE, related_name="memberships"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["factory__name", "-role", "country__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "country"], name="membership_once_per_factory"
            ),
            models.UniqueConstraint(
                fields=["factory"],
                condition=models.Q(role="host"),
                name="membership_one_host_per_factory",
                violation_error_message="This AI Factory already has a host country.",
            ),
        ]

    def __str__(self):
        return f"{self.country} – {self.get_role_display()} of {self.factory}"

    @staticmethod
    def split(memberships):
        """Memberships already loaded (e.g. prefetched) as (hosts, members), with no query."""
        hosts = [m for m in memberships if m.role == Membership.Role.HOST]
        members = [m for m in memberships if m.role == Membership.Role.MEMBER]
        return hosts, members

    def clean(self):
        if self.role == self.Role.HOST and self.factory_id:
            other_hosts = Membership.objects.hosts().filter(factory_id=self.factory_id)
            if self.pk:
                other_hosts = other_hosts.exclude(pk=self.pk)
            host = other_hosts.select_related("country").first()
            if host:
                raise ValidationError(
                    {"role": f"This AI Factory already has a host country: {host.country}."}
                )

    def part_label(self):
        return f"{self.country}’s membership"

    def change_phrase(self, added):
        joined = "joined" if added else "left"
        return f"{self.country} {joined} the consortium as {self.get_role_display().lower()}"


class Partnership(CitedFact):
    """An organisation other than the host that takes part in, or backed, an AI Factory."""

    fact_fields = ("organisation", "role")
    factory_part_of = "factory"

    class Role(models.TextChoices):
        PARTNER = "partner", "Partner"
        SUPPORTER = "supporter", "Supported the application"

    factory = models.ForeignKey(
        "factories.AIFactory", on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["factory__name", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "organisation"], name="partnership_once_per_factory"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()} of {self.factory}"

    def part_label(self):
        return f"partnership with {self.organisation}"

    def change_phrase(self, added):
        verb = "added" if added else "removed"
        return f"{self.organisation} {verb} as {self.get_role_display().lower()}"
