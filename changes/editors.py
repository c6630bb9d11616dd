"""The `editors` group: who may edit the registry in the admin and write through the API.

Editors may add, change and view every fact, source and citation, and delete what an edit
sensibly removes (a budget line, a membership, a citation, a source nothing cites); not an
AI Factory, a selection round or a country, and nothing at all of users, groups or API tokens.
"""

from django.db.models import Q

from sources.models import recorded_models

EDITORS = "editors"


def editor_permissions():
    """(app label, codename) of each permission editors hold, from the models' declarations."""
    for model in recorded_models():
        actions = ["add", "change", "view"]
        if getattr(model, "editors_may_delete", True):
            actions.append("delete")
        for action in actions:
            yield model._meta.app_label, f"{action}_{model._meta.model_name}"


def create_editors_group(Group, Permission, using="default"):
    """The group with its permissions; `Group` and `Permission` may be a migration's models."""
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    wanted = Q(pk__in=[])
    for app_label, codename in editor_permissions():
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.using(using).filter(wanted))
    return group


def restore_editors_group(sender, using="default", **kwargs):
    """After `migrate` or `flush`: recreate the group if it is missing, as the migration made it.

    A flush (as between transactional tests) empties every table, the migration's group too.
    The signal comes once per app; the last app's comes after every app's permissions exist.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last and not Group.objects.using(using).filter(name=EDITORS).exists():
        create_editors_group(Group, Permission, using=using)
