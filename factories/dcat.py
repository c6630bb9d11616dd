"""The registry described in DCAT-AP 3, for data.europa.eu and other harvesters: the catalogue,
the dataset and each distribution (API, JSON export, data package, GeoJSON, Atom feed), with
publisher, licence, themes, spatial coverage and the date of the last change. JSON-LD with its
context inline (no remote context to fetch), and Turtle through rdflib."""

import json

from rdflib import Graph

from .datapackage import DESCRIPTION, TITLE, data_version, licence

EU = "http://publications.europa.eu/resource/authority/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:issued": {"@type": "xsd:date"},
}
# The EU vocabularies DCAT-AP asks for: data themes, places, licences and file types.
THEMES = [f"{EU}data-theme/TECH", f"{EU}data-theme/ECON", f"{EU}data-theme/GOVE"]
SPATIAL = [f"{EU}continent/EUROPE"]
LICENCES = {"CC-BY-4.0": f"{EU}licence/CC_BY_4_0"}


def catalogue(base):
    """The catalogue as JSON-LD; `base` is the site's address without a final slash."""
    version = data_version()
    modified = version["modified"].strftime("%Y-%m-%dT%H:%M:%SZ") if version["modified"] else None
    stated = licence()
    licence_ref = {"@id": LICENCES.get(stated["name"], stated["path"])}
    publisher = {
        "@id": f"{base}/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": "AI Factories Registry",
        "foaf:homepage": {"@id": f"{base}/"},
    }

    def distribution(slug, title, url, media_type, file_type, description, download=True):
        return {
            "@id": f"{base}/data/#{slug}",
            "@type": "dcat:Distribution",
            "dct:title": title,
            "dct:description": description,
            "dcat:accessURL": {"@id": url},
            **({"dcat:downloadURL": {"@id": url}} if download else {}),
            "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{media_type}"},
            "dct:format": {"@id": f"{EU}file-type/{file_type}"},
            "dct:license": licence_ref,
            **({"dct:modified": modified} if modified else {}),
        }

    dataset = {
        "@id": f"{base}/data/#dataset",
        "@type": "dcat:Dataset",
        "dct:title": TITLE,
        "dct:description": DESCRIPTION,
        "dct:identifier": f"{base}/data/#dataset",
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@id": f"{base}/#contact",
            "@type": "vcard:Organization",
            "vcard:fn": "AI Factories Registry editors",
            "vcard:hasURL": {"@id": f"{base}/sources/"},
        },
        "dcat:theme": [{"@id": theme} for theme in THEMES],
        "dct:spatial": [{"@id": place} for place in SPATIAL],
        "dcat:keyword": ["AI Factories", "EuroHPC", "artificial intelligence", "supercomputing"],
        "dcat:landingPage": {"@id": f"{base}/data/"},
        "dct:license": licence_ref,
        "owl:versionInfo": version["version"],
        **({"dct:modified": modified} if modified else {}),
        "dcat:distribution": [
            distribution(
                "api",
                "REST API",
                f"{base}/api/v1/",
                "application/json",
                "JSON",
                "Every kind of fact as a filterable list, in JSON or CSV; OpenAPI schema at "
                "/api/v1/schema/.",
                download=False,
            ),
            distribution(
                "export",
                "The whole registry in one JSON document",
                f"{base}/api/v1/export/",
                "application/json",
                "JSON",
                "Every list of the API, unpaged, with each source's archived text.",
            ),
            distribution(
                "data-package",
                "Frictionless Data Package (CSV)",
                f"{base}/data/ai-factories.zip",
                "application/zip",
                "ZIP",
                "One CSV per table with datapackage.json: schemas, primary and foreign keys.",
            ),
            distribution(
                "geojson",
                "Host sites as GeoJSON",
                f"{base}/api/v1/sites/?format=geojson",
                "application/geo+json",
                "GEOJSON",
                "The factories' host sites as points, for a map.",
            ),
            distribution(
                "feed",
                "Changes as an Atom feed",
                f"{base}/changes/feed/",
                "application/atom+xml",
                "ATOM",
                "Every edit to the registry, newest first.",
            ),
        ],
    }
    return {
        "@context": {**CONTEXT, "owl": "http://www.w3.org/2002/07/owl#"},
        "@graph": [
            {
                "@id": f"{base}/data/#catalogue",
                "@type": "dcat:Catalog",
                "dct:title": TITLE,
                "dct:description": "The AI Factories Registry's open data.",
                "dct:publisher": {"@id": publisher["@id"]},
                "foaf:homepage": {"@id": f"{base}/"},
                "dct:license": licence_ref,
                **({"dct:modified": modified} if modified else {}),
                "dcat:dataset": {"@id": dataset["@id"]},
            },
            dataset,
        ],
    }


def as_turtle(document):
    """The same catalogue in Turtle."""
    return Graph().parse(data=json.dumps(document), format="json-ld").serialize(format="turtle")
