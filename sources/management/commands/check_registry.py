from django.core.management.base import BaseCommand, CommandError

from sources.checks import registered_checks, registry_failures
from sources.models import Citation, Source, citable_models


class Command(BaseCommand):
    help = (
        "Check the registry against every registered rule (quotes occur in their sources, every "
        "fact is cited, archives are unchanged, and each app's own rules); exits non-zero on a "
        "failure. The same list is at /quality/."
    )

    def handle(self, *args, **options):
        failures = list(registry_failures())
        for failure in failures:
            self.stderr.write(f"FAIL: {failure.message}")
        if failures:
            raise CommandError(f"{len(failures)} check(s) failed.")
        facts = sum(model._default_manager.count() for model in citable_models())
        self.stdout.write(
            self.style.SUCCESS(
                f"Registry OK: {len(registered_checks())} checks pass on {facts} facts, "
                f"{Citation.objects.count()} citations from {Source.objects.count()} sources."
            )
        )
