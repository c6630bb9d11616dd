from django.apps import AppConfig


class ConsortiaConfig(AppConfig):
    name = "consortia"

    def ready(self):
        from sources.checks import register_checks

        from .checks import CHECKS

        register_checks(*CHECKS)
