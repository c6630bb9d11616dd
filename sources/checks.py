"""The registry's integrity rules, as plain-words failures; `manage.py check_registry` prints them."""

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from .models import Citation, Source, citable_models

# The consortium count the EuroHPC account states: "15 Member States and two EuroHPC participating States".
EXPECTED_STANDING_COUNTS = {"eu_member": 15, "eurohpc_participating": 2}


def check_quotes():
    # One Source instance per source, so each text is normalised once (Source caches it).
    sources = {source.pk: source for source in Source.objects.all()}
    for citation in Citation.objects.select_related("content_type").order_by("pk"):
        source = sources[citation.source_id]
        if not source.contains_quote(citation.quote):
            yield (
                f"Citation {citation.pk} ({citation.content_type.model} {citation.object_id}, "
                f"{citation.field_name}): its quote “{citation.quote[:80]}” does not occur in “{source}”."
            )


def check_consortium_counts():
    Country = apps.get_model("consortia", "Country")
    counted = defaultdict(list)
    for country in Country.objects.filter(memberships__isnull=False).distinct():
        counted[country.standing].append(country.code.code)
    for standing, expected in EXPECTED_STANDING_COUNTS.items():
        found = sorted(counted.get(standing, []))
        if len(found) != expected:
            label = Country.Standing(standing).label
            yield (
                f"The consortia count {len(found)} {label}s ({', '.join(found) or 'none'}); "
                f"the sources say {expected}."
            )


def check_factories():
    AIFactory = apps.get_model("factories", "AIFactory")
    factories = AIFactory.objects.prefetch_related("memberships", "citations").select_related(
        "site__organisation", "site__country"
    )
    for factory in factories:
        hosts = [m for m in factory.memberships.all() if m.role == "host"]
        if len(hosts) != 1:
            yield f"{factory} has {len(hosts)} host countries; it needs exactly one."
        site = getattr(factory, "site", None)
        if site is None:
            yield f"{factory} has no host site."
        else:
            if hosts and site.country_id != hosts[0].country_id:
                yield f"{factory}'s host site is in {site.country}, not in its host country."
        if not factory.citations.all():
            yield f"{factory} has no citation."


def check_citations_present():
    cited = defaultdict(set)
    for content_type_id, object_id in Citation.objects.values_list("content_type_id", "object_id"):
        cited[content_type_id].add(object_id)
    for model in citable_models():
        content_type = ContentType.objects.get_for_model(model)
        for obj in model.objects.exclude(pk__in=cited[content_type.pk]):
            yield f"{model._meta.verbose_name.capitalize()} “{obj}” has no citation."


def check_citation_fields():
    for citation in Citation.objects.select_related("content_type").order_by("pk"):
        model = citation.content_type.model_class()
        field_names = {field.name for field in model._meta.get_fields()}
        if citation.field_name not in field_names:
            yield (
                f"Citation {citation.pk} is about “{citation.field_name}”, "
                f"which is not a field of {model._meta.verbose_name}."
            )
        elif not model.objects.filter(pk=citation.object_id).exists():
            yield f"Citation {citation.pk} cites {model._meta.verbose_name} {citation.object_id}, which does not exist."


def registry_failures():
    """Every failure of every rule, in plain words."""
    for check in (
        check_quotes,
        check_citation_fields,
        check_consortium_counts,
        check_factories,
        check_citations_present,
    ):
        yield from check()
