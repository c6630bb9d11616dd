from django.apps import AppConfig

# The registry's name in the admin's header and page titles (set once, in ready()).
SITE_HEADER = "AI Factories Registry"
SITE_TITLE = "AI Factories Registry admin"
INDEX_TITLE = "Edit the registry"


class ChangesConfig(AppConfig):
    """The registry's history: the editors' role, the public list of changes and its feed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "changes"

    def ready(self):
        from django.contrib import admin
        from django.db.models.signals import post_migrate

        from .editors import restore_editors_group
        from .history import connect_baseline_recorder

        admin.site.site_header = SITE_HEADER
        admin.site.site_title = SITE_TITLE
        admin.site.index_title = INDEX_TITLE
        connect_baseline_recorder()
        post_migrate.connect(restore_editors_group, dispatch_uid="changes-restore-editors-group")
