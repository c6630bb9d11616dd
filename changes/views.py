"""The public list of recent changes to the registry."""

from django.shortcuts import render

from . import selectors

PAGE_SIZE = 50


def change_list_view(request):
    return render(
        request, "changes/change_list.html", {"changes": selectors.recent_changes(PAGE_SIZE)}
    )
