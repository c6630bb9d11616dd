from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """The registry's history: the editors' role, the public list of changes and its feed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "changes"

    def ready(self):
        from .history import connect_baseline_recorder

        connect_baseline_recorder()
