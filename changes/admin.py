"""What every registry admin shares: its history, revert in one action, and a reason for it."""

from django.db import models
from django.forms import Textarea
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

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
        try:
            super().save_model(request, obj, form, change)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)
