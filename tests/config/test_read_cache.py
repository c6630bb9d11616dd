"""A read answered from the cache is the read the chain answered: the same headers, the same
refusals, per-request answers (CORS, 304) still per request, and no query."""

import pytest

from tests.builders import make_factory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cached")]

# What the miss's answer carries that the hit must carry too (X-Cache aside).
PAGE_HEADERS = {
    "Content-Type",
    "Content-Length",
    "ETag",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
}


def headers(response):
    return {name: value for name, value in response.items() if name != "X-Cache"}


@pytest.mark.parametrize("path", ["/", "/factories/", "/api/v1/factories/"])
def test_a_hit_carries_every_header_of_the_miss_that_stored_it(client, path):
    make_factory(name="Pharos")
    miss = client.get(path)
    hit = client.get(path)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert set(headers(miss)) >= PAGE_HEADERS
    assert headers(hit) == headers(miss)
    assert hit.content == miss.content


def test_a_hit_answers_the_origin_of_its_own_request(client):
    make_factory(name="Pharos")
    origin = {"HTTP_ORIGIN": "https://reader.example"}
    miss = client.get("/api/v1/factories/", **origin)
    hit = client.get("/api/v1/factories/", **origin)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert hit["Access-Control-Allow-Origin"] == miss["Access-Control-Allow-Origin"] == "*"
    assert headers(hit) == headers(miss)
    # The header answered that request's Origin; a read without one gets none from the cache.
    plain = client.get("/api/v1/factories/")
    assert plain["X-Cache"] == "hit"
    assert "Access-Control-Allow-Origin" not in plain
    assert "origin" in plain["Vary"].lower()


def test_a_hit_runs_no_query(client, django_assert_num_queries):
    make_factory(name="Pharos")
    client.get("/factories/")
    client.get("/api/v1/factories/")
    with django_assert_num_queries(0):
        assert client.get("/factories/")["X-Cache"] == "hit"
        assert client.get("/api/v1/factories/?utm_source=mail")["X-Cache"] == "hit"


def test_if_none_match_gets_a_304_from_the_cache(client):
    make_factory(name="Pharos")
    etag = client.get("/factories/")["ETag"]
    assert client.get("/factories/")["X-Cache"] == "hit"
    again = client.get("/factories/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert client.get("/factories/", HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_head_is_answered_from_the_cache_with_the_get_s_headers(client):
    make_factory(name="Pharos")
    head = client.head("/factories/")
    assert (head.status_code, head["X-Cache"], head.content) == (200, "miss", b"")
    get = client.get("/factories/")
    assert get["X-Cache"] == "hit"
    assert get["ETag"] == head["ETag"]
    assert b"Pharos" in get.content
    again = client.head("/factories/")
    assert (again["X-Cache"], again["ETag"], again.content) == ("hit", get["ETag"], b"")


def test_an_edit_makes_the_next_read_a_miss(client):
    make_factory(name="Pharos")
    assert client.get("/factories/")["X-Cache"] == "miss"
    assert client.get("/factories/")["X-Cache"] == "hit"
    make_factory(name="Zephyr")
    fresh = client.get("/factories/")
    assert fresh["X-Cache"] == "miss"
    assert "Zephyr" in fresh.content.decode()


def test_what_the_chain_refuses_is_refused_on_a_cached_page(client):
    make_factory(name="Pharos")
    client.get("/")
    assert client.get("/?x=1")["X-Cache"] == "hit"
    nul = client.get("/?x=a%00b")
    assert nul.status_code == 400
    assert "NUL character" in nul.content.decode()
    # The refusal passed through the chain: it has the security headers too.
    assert "Content-Security-Policy" in nul
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    too_big = client.generic(
        "GET", "/", data=b"x" * 10, CONTENT_LENGTH=str(10**9), content_type="text/plain"
    )
    assert too_big.status_code == 413


def test_a_read_with_a_session_or_a_token_is_not_served_from_the_cache(client):
    make_factory(name="Pharos")
    client.get("/api/v1/factories/")
    assert client.get("/api/v1/factories/")["X-Cache"] == "hit"
    client.cookies["sessionid"] = "not-a-session"
    assert "X-Cache" not in client.get("/api/v1/factories/")
    del client.cookies["sessionid"]
    token = client.get("/api/v1/factories/", HTTP_AUTHORIZATION="Token not-a-token")
    assert "X-Cache" not in token
