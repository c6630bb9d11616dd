"""What every registry admin shares: its history, revert in one action, and a reason for it."""

from django.db import models
from django.forms import Textarea
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from sources.services import save_validated

from .selectors import REVERT_REASON


def _reverted_version(request, model):
    """The version an editor is reverting to when saving from the history's version page."""
    match = request.resolver_match
    if not match or not match.url_name.endswith("_simple_history"):
        return None
    return model.history.filter(history_id=match.args[1]).first()


class RecordedAdmin(SimpleHistoryAdmin):
    """A model admin whose every save is recorded, and whose history page can revert a version.

    Reverting is saving an old version's form from the history; the new version says so.
    Objects and inline rows are saved through the services' `save_validated`, as the API's are,
    so both run the model's full rules; the admin form has already run the same ones.
    """

    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 70})}}

    def save_model(self, request, obj, form, change):
        version = _reverted_version(request, type(obj))
        if version is not None:
            when = timezone.localtime(version.history_date).strftime("%-d %B %Y, %H:%M")
            obj._change_reason = f"{REVERT_REASON}{when}"
        elif change and not form.has_changed():
            # The admin saves the object whenever its page is saved, e.g. for an inline edit;
            # a version identical to the last one would only clutter the history.
            obj.skip_history_when_saving = True
        obj._history_user = request.user
        try:
            save_validated(obj)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            save_validated(row)
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()
