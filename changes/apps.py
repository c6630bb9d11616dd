from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """The registry's history: the editors' role, the public list of changes and its feed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "changes"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .editors import restore_editors_group
        from .history import connect_baseline_recorder

        connect_baseline_recorder()
        post_migrate.connect(restore_editors_group, dispatch_uid="changes-restore-editors-group")
