from django.core.management.base import BaseCommand, CommandError

from consortia.models import Country
from factories.models import AIFactory
from sources.checks import registry_failures
from sources.models import Citation, Source


class Command(BaseCommand):
    help = (
        "Check the registry: every quote occurs in its source, the consortium counts agree with "
        "the sources, and every factory has a host country, site, organisation and a citation."
    )

    def handle(self, *args, **options):
        failures = list(registry_failures())
        for failure in failures:
            self.stderr.write(f"FAIL: {failure}")
        if failures:
            raise CommandError(f"{len(failures)} check(s) failed.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Registry OK: {AIFactory.objects.count()} factories, "
                f"{Country.objects.filter(memberships__isnull=False).distinct().count()} consortium states, "
                f"{Citation.objects.count()} citations from {Source.objects.count()} sources all check out."
            )
        )
