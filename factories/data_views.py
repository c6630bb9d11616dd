"""The open data: a page listing every download, the data package and the DCAT-AP catalogue."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import datapackage, dcat


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def data_index(request):
    return render(
        request,
        "data/index.html",
        {"tables": datapackage.TABLES, "version": datapackage.data_version()},
    )


@require_safe
def data_package(request):
    response = HttpResponse(datapackage.build_zip(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.zip"'
    return response


@require_safe
def catalogue_jsonld(request):
    document = dcat.catalogue(_base(request))
    return HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/ld+json"
    )


@require_safe
def catalogue_turtle(request):
    return HttpResponse(
        dcat.as_turtle(dcat.catalogue(_base(request))), content_type="text/turtle; charset=utf-8"
    )
