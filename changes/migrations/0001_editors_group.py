"""The `editors` group, with permission to add and change the registry's data and citations.

Which permissions: changes/editors.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from changes.editors import EDITORS, create_editors_group


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_editors_group(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        using=schema_editor.connection.alias,
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


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
