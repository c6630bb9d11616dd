"""Template filters for the registry's pages (amounts of money: each model's `display_amount`)."""

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
    # Escaped so that no text in it can close the element it sits in.
    payload = json.dumps(dataset, ensure_ascii=False).replace("<", "\\u003c")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
