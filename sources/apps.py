from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"

    def ready(self):
        # Any change to the registry's data invalidates the cached pages and API reads.
        from config.cache import connect_invalidation

        connect_invalidation()
