from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"

    def ready(self):
        from .checks import CHECKS, register_checks

        register_checks(*CHECKS)
