"""The consortia's rules, registered with the registry's checks in ConsortiaConfig.ready()."""

from collections import defaultdict

from sources.checks import Check, Failure

from .models import Country

# The consortium count the EuroHPC account states: "15 Member States and two EuroHPC participating States".
EXPECTED_STANDING_COUNTS = {
    Country.Standing.EU_MEMBER: 15,
    Country.Standing.EUROHPC_PARTICIPATING: 2,
}


def check_consortium_counts():
    counted = defaultdict(list)
    for country in Country.objects.filter(memberships__isnull=False).distinct():
        counted[country.standing].append(country)
    for standing, expected in EXPECTED_STANDING_COUNTS.items():
        found = sorted(counted.get(standing, []), key=lambda country: country.code.code)
        if len(found) != expected:
            codes = ", ".join(country.code.code for country in found) or "none"
            yield Failure(
                f"The consortia count {len(found)} {standing.label}s ({codes}); "
                f"the sources say {expected}.",
                tuple(found),
            )


CHECKS = (
    Check(
        "The consortia count the states the sources state",
        "The AI Factories' consortia together count the 15 EU Member States and two EuroHPC "
        "participating States the sources state.",
        check_consortium_counts,
    ),
)
