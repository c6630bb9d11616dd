from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project's wiring that needs the app registry: signal receivers of the site as a whole."""

    name = "config"
    verbose_name = "Site configuration"

    def ready(self):
        from . import cache, cors, readmodel, rebuild

        # Any change to the registry's data invalidates the cached pages and API reads.
        cache.connect_invalidation()
        # …and again when the write commits, for the API's read model.
        readmodel.connect()
        cors.connect()
        # …and the whole downloads and the quality report are rebuilt in the background.
        rebuild.connect_rebuild()
