from django.apps import AppConfig


class FactoriesConfig(AppConfig):
    name = "factories"

    def ready(self):
        from sources.checks import register_checks

        from .checks import CHECKS

        register_checks(*CHECKS)
