import pytest
from django.core.cache import cache
from django.test import override_settings


@pytest.fixture
def cached():
    """The read cache on (as production with Redis), empty before and after."""
    cache.clear()
    with override_settings(REGISTRY_CACHE_SECONDS=300):
        yield
    cache.clear()
