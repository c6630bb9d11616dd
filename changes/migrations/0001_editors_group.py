"""The `editors` group: may add, change and view the registry's data and citations.

Editors may delete what an edit sensibly removes (a budget line, a membership, a citation, a
source nobody cites); not an AI Factory, a selection round or a country, and nothing at all of
users, groups or API tokens.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "editors"

REGISTRY_MODELS = {
    "factories": ["selectionround", "aifactory", "factoryname", "hostsite", "supercomputer", "factorysystem"],
    "consortia": ["country", "organisation", "membership", "partnership"],
    "funding": ["programme", "statedtotal", "budget"],
    "sources": ["source", "citation"],
}
NOT_DELETABLE = {"aifactory", "selectionround", "country"}


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = []
    for model_names in REGISTRY_MODELS.values():
        for model in model_names:
            actions = ["add", "change", "view"]
            if model not in NOT_DELETABLE:
                actions.append("delete")
            codenames += [f"{action}_{model}" for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label__in=REGISTRY_MODELS, codename__in=codenames
    )
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("factories", "0002_history"),
        ("consortia", "0003_history"),
        ("funding", "0002_history"),
        ("sources", "0002_history"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
