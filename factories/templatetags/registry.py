"""Template filters and tags for the registry's pages: a FilterSet's errors, and schema.org
JSON-LD for the home page and the entity pages (amounts of money: each model's `display_amount`).

The JSON-LD of an entity states only facts the page shows with accepted evidence, read from the
`evidence` its view already loaded (no query): a fact without an accepted quote is left out."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def filter_errors(filterset):
    """A FilterSet's errors as (label, message) pairs, labelled as the reader sees the field."""
    pairs = []
    for name, messages in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = str(field.label) if field and field.label else name.replace("_", " ").capitalize()
        pairs.extend((label, message) for message in messages)
    return pairs


@register.simple_tag(takes_context=True)
def dataset_json_ld(context):
    """schema.org Dataset for the home page, as a JSON-LD data block (not a script that runs)."""
    request = context["request"]
    base = f"{request.scheme}://{request.get_host()}"
    licence = settings.SPECTACULAR_SETTINGS.get("LICENSE", {})
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "AI Factories Registry",
        "description": "The EU's AI Factories of the EuroHPC Joint Undertaking's first selection "
        "(10 December 2024): host sites, consortia, supercomputers and funding, each fact with "
        "a verbatim quote from an archived source.",
        "url": f"{base}/",
        "license": licence.get("url", ""),
        "isAccessibleForFree": True,
        "spatialCoverage": "Europe",
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": f"{base}/api/v1/export/",
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": f"{base}/api/v1/factories/?format=csv",
            },
        ],
    }
    # When the data last changed, from the frame's context (config.context_processors.site).
    changed = context.get("data_last_changed")
    changed = changed() if callable(changed) else changed
    if changed:
        dataset["dateModified"] = changed.isoformat(timespec="seconds")
    return json_ld_script(dataset)


def json_ld_script(data):
    """A JSON-LD data block (not a script that runs), escaped so that no text in it can close
    the element it sits in."""
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def stated(obj, field_name):
    """Whether the page shows this fact with an accepted quote (its view loaded the evidence)."""
    evidence = getattr(obj, "evidence", None) or {}
    return bool(field_name in evidence and evidence[field_name].accepted)


def country_thing(request, country):
    """A state as schema.org names it: its name and ISO 3166-1 code are reference data."""
    return {
        "@type": "Country",
        "name": country.name,
        "identifier": country.code.code,
        "url": request.build_absolute_uri(country.get_absolute_url()),
    }


def site_place(request, site):
    """A host site as a schema.org Place: its city, country and coordinates, each as sourced."""
    place = {"@type": "Place"}
    if stated(site, "city"):
        place["name"] = site.place if site.place and stated(site, "place") else site.city
        place["address"] = {"@type": "PostalAddress", "addressLocality": site.city}
    if stated(site, "country"):
        place.setdefault("address", {"@type": "PostalAddress"})
        place["address"]["addressCountry"] = site.country.code.code
        place["containedInPlace"] = country_thing(request, site.country)
    if stated(site, "latitude") and stated(site, "longitude"):
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(site.latitude),
            "longitude": float(site.longitude),
        }
    return place if len(place) > 1 else None


def organisation_thing(request, organisation):
    return {
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }


# The schema.org type for a kind of organisation, where one fits; the others are Organizations.
ORGANISATION_TYPES = {
    "university": "CollegeOrUniversity",
    "research_institute": "ResearchOrganization",
    "company": "Corporation",
}


@register.simple_tag(takes_context=True)
def organisation_json_ld(context):
    """schema.org Organization for an organisation's page: what it is, its state, its parent
    and the places it hosts AI Factories."""
    request, organisation = context["request"], context["organisation"]
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }
    if stated(organisation, "name"):
        data["name"] = organisation.name
    if organisation.kind and stated(organisation, "kind"):
        data["@type"] = ORGANISATION_TYPES.get(organisation.kind, "Organization")
    if stated(organisation, "country"):
        data["address"] = {
            "@type": "PostalAddress",
            "addressCountry": organisation.country.code.code,
        }
    if organisation.parent and stated(organisation, "parent"):
        data["parentOrganization"] = organisation_thing(request, organisation.parent)
    places = [
        site_place(request, site)
        for site in context.get("sites", [])
        if stated(site, "organisation")
    ]
    if any(places):
        data["location"] = [place for place in places if place]
    return json_ld_script(data)


@register.simple_tag(takes_context=True)
def country_json_ld(context):
    """schema.org Country for a state's page (recorded in the registry or not)."""
    request, country = context["request"], context["country"]
    return json_ld_script({"@context": "https://schema.org", **country_thing(request, country)})


# Other names that are names of the factory itself; a misspelling or a confused name is not.
ALTERNATE_NAME_KINDS = {"short_form", "long_form"}


def factory_structured_data(request, factory, site):
    """schema.org Project (a kind of Organization) for a factory's page: its names, summary,
    host site as a Place, and its host organisation and partners as members in their roles.
    Built with the page (factories/page_model.py), from the evidence its build loaded."""
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "url": request.build_absolute_uri(factory.get_absolute_url()),
    }
    if stated(factory, "name"):
        data["name"] = factory.name
    names = [
        other.name
        for other in factory.other_names.all()
        if other.kind in ALTERNATE_NAME_KINDS and stated(other, "name")
    ]
    if names:
        data["alternateName"] = names
    if stated(factory, "summary"):
        data["description"] = factory.summary
    place = site_place(request, site) if site else None
    if place:
        data["location"] = place
    members = []
    if site and stated(site, "organisation"):
        members.append(role(request, site.organisation, "host"))
    members.extend(
        role(request, partnership.organisation, "partner")
        for partnership in factory.partnerships.all()
        if partnership.role == "partner" and stated(partnership, "organisation")
    )
    if members:
        data["member"] = members
    return json_ld_script(data)


def role(request, organisation, name):
    """An organisation in a role (schema.org's Role pattern: the role wraps the member)."""
    return {
        "@type": "OrganizationRole",
        "roleName": name,
        "member": organisation_thing(request, organisation),
    }
