"""The client's address and host come from configuration, not from the client; limits count
atomically and per account; the registry degrades when its cache is down."""

from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory, override_settings
from redis.exceptions import ConnectionError as RedisConnectionError
from rest_framework.test import APIClient

from config import cache as registry_cache
from config.clients import client_address
from tests.api.clients import editor_client
from tests.builders import make_factory

# Frozen mid-window: every request of a test counts in the same minute.
FROZEN = time_machine.travel("2026-01-05 12:00:30 +0000", tick=False)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_x_forwarded_for_counts_for_nothing(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("198.51.100.9", "203.0.113.5")) == "198.51.100.9"


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # The client claims 1.2.3.4; the outer proxy (10.1.1.1) saw 203.0.113.5 and said so.
    request = request_from("127.0.0.1", "1.2.3.4, 203.0.113.5, 10.1.1.1")
    assert client_address(request) == "203.0.113.5"
    # A peer that is not a trusted proxy is the client, whatever its header says.
    assert client_address(request_from("198.51.100.9", "1.2.3.4")) == "198.51.100.9"


@pytest.mark.django_db
@FROZEN
@override_settings(API_ANON_THROTTLE_RATE="3/minute")
def test_a_spoofed_x_forwarded_for_does_not_escape_the_throttle():
    api = APIClient()
    for _ in range(3):
        assert api.get("/api/v1/countries/").status_code == 200
    for n in range(20):
        response = api.get("/api/v1/countries/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert response.status_code == 429
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
@FROZEN
@override_settings(API_ANON_THROTTLE_RATE="3/minute", REGISTRY_CACHE_SECONDS=300)
def test_answers_from_the_read_cache_count_against_the_throttle():
    api = APIClient()
    served = [api.get("/api/v1/countries/") for _ in range(3)]
    assert [response["X-Cache"] for response in served] == ["miss", "hit", "hit"]
    refused = api.get("/api/v1/countries/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert refused.json() == {"detail": "Request was throttled. Expected available in 30 seconds."}
    # A client with a token is the API's own throttle's (anonymous only) business: not counted.
    editor = editor_client()
    assert editor.get("/api/v1/countries/").status_code == 200


@FROZEN
def test_the_window_count_is_one_increment_per_hit():
    counts = [registry_cache.count_in_window("test:window", 60) for _ in range(5)]
    assert counts == [1, 2, 3, 4, 5]


@pytest.mark.django_db
@FROZEN
def test_guessing_from_one_address_does_not_lock_the_editor_out_elsewhere(client, settings):
    from django.contrib.auth.models import User

    User.objects.create_user("editor", password="the-right-password-42", is_staff=True)
    attempts = int(settings.ADMIN_LOGIN_RATE.split("/")[0])
    for _ in range(attempts + 4):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.66",
        )
    blocked = client.post(
        "/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.66"
    )
    assert blocked.status_code == 429
    # The editor, from their own address, logs in.
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "the-right-password-42"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(REGISTRY_CACHE_SECONDS=300)
def test_the_cache_key_carries_scheme_and_host():
    make_factory(name="Pharos")
    api = APIClient()
    poisoned = api.get("/api/v1/factories/", HTTP_HOST="127.0.0.1:6666")
    assert "127.0.0.1:6666" in poisoned.content.decode()
    normal = api.get("/api/v1/factories/", HTTP_HOST="127.0.0.1:8000")
    assert normal["X-Cache"] == "miss"
    assert "6666" not in normal.content.decode()
    assert "127.0.0.1:8000" in normal.content.decode()


class BrokenCache(LocMemCache):
    """A cache whose server is down: every call raises what the Redis client raises."""

    def _fail(self, *args, **kwargs):
        raise RedisConnectionError("Connection refused")

    get = get_many = set = add = incr = get_or_set = delete = _fail


@pytest.fixture
def redis_down():
    broken = BrokenCache("broken", {})
    with (
        mock.patch.object(registry_cache, "cache", broken),
        mock.patch("django.core.cache.cache", broken),
    ):
        yield


@pytest.mark.django_db
@override_settings(REGISTRY_CACHE_SECONDS=300, API_ANON_THROTTLE_RATE="3/minute")
@FROZEN
def test_with_the_cache_down_reads_are_served_uncached_and_limits_count_per_process(redis_down):
    registry_cache._local_counters.clear()
    api = APIClient()
    for _ in range(3):
        response = api.get("/api/v1/countries/")
        assert response.status_code == 200
        assert "X-Cache" not in response
    assert api.get("/api/v1/countries/").status_code == 429
    assert APIClient().get("/factories/").status_code == 200


@pytest.mark.django_db
def test_with_the_cache_down_healthz_says_so_and_stays_200(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}


@pytest.mark.django_db
def test_healthz_reports_each_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_an_edit_while_the_cache_is_down_is_not_hidden_when_it_returns():
    before = registry_cache.registry_version()
    with mock.patch.object(registry_cache, "cache", BrokenCache("broken", {})):
        make_factory(name="Edited while Redis was down")
    assert registry_cache.registry_version() != before
