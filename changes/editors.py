"""The `editors` group: who may edit the registry in the admin and write through the API.

Editors may add, change and view every fact, source and citation, and delete what an edit
sensibly removes (a budget line, a membership, a citation, a source nothing cites); not an
AI Factory, a selection round or a country, and nothing at all of users, groups or API tokens.
"""

EDITORS = "editors"

REGISTRY_MODELS = {
    "factories": [
        "selectionround",
        "aifactory",
        "factoryname",
        "hostsite",
        "supercomputer",
        "factorysystem",
    ],
    "consortia": ["country", "organisation", "membership", "partnership"],
    "funding": ["programme", "statedtotal", "budget"],
    "sources": ["source", "citation"],
}
NOT_DELETABLE = {"aifactory", "selectionround", "country"}


def editor_codenames():
    codenames = []
    for model_names in REGISTRY_MODELS.values():
        for model in model_names:
            actions = ["add", "change", "view"]
            if model not in NOT_DELETABLE:
                actions.append("delete")
            codenames += [f"{action}_{model}" for action in actions]
    return codenames


def create_editors_group(Group, Permission, using="default"):
    """The group with its permissions; `Group` and `Permission` may be a migration's models."""
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    group.permissions.set(
        Permission.objects.using(using).filter(
            content_type__app_label__in=REGISTRY_MODELS, codename__in=editor_codenames()
        )
    )
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
