"""What every registry admin shares: its history, revert in one action, and a reason for it."""

from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.forms import Textarea
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Citation
from sources.selectors import citation_list
from sources.services import save_validated

from .selectors import REVERT_REASON


def describe_citation(citation):
    """What a citation supports, in words: “LUMI AI Factory · summary: “quote…””."""
    subject = citation.subject if citation.subject is not None else "a removed fact"
    return f"{subject} · {citation.field_name}: “{Truncator(citation.quote).chars(90)}”"


def citations_in_the_way(objs):
    """The citations deleting `objs` would delete or is refused by, each with its fact.

    Deleting a fact must not make its evidence vanish: the editor deletes or moves it first.
    """
    objs = list(objs)
    if not objs:
        return []
    collector = Collector(using=router.db_for_write(type(objs[0])))
    try:
        collector.collect(objs)
        found = collector.data.get(Citation, ())
    except ProtectedError as error:
        found = [obj for obj in error.protected_objects if isinstance(obj, Citation)]
    return list(citation_list().filter(pk__in=[citation.pk for citation in found]))


class UncitedDeletionFormSet(BaseInlineFormSet):
    """Inline rows whose facts still have citations cannot be deleted from the parent's page."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            count = len(citations_in_the_way([form.instance])) if form.instance.pk else 0
            if count:
                raise ValidationError(
                    f"“{form.instance}” cannot be deleted while {count} "
                    f"citation{'s' if count != 1 else ''} support it: delete "
                    f"{'them' if count != 1 else 'it'} on its own page first."
                )


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

    def get_deleted_objects(self, objs, request):
        """Refuse to delete what citations support, naming each citation and its fact."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        citations = citations_in_the_way(objs)
        if citations:
            prefix = f"{capfirst(Citation._meta.verbose_name)}: "
            protected = [entry for entry in protected if not entry.startswith(prefix)] + [
                format_html(
                    '{}<a href="{}">{}</a>',
                    prefix,
                    reverse("admin:sources_citation_change", args=[citation.pk]),
                    describe_citation(citation),
                )
                for citation in citations
            ]
        return deleted, model_count, perms_needed, protected

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            save_validated(row)
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()
