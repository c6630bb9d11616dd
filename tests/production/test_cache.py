import redis

from .http import fetch

RENAME = (
    "from factories.models import AIFactory; "
    "f = AIFactory.objects.get(slug='pharos'); "
    "f.summary = 'Edited while cached.'; f.full_clean(); f.save()"
)


def test_reads_are_cached_in_redis_and_an_edit_is_visible_at_once(cached_production_server):
    url = cached_production_server.url + "/api/v1/factories/pharos/"
    first = fetch(url)
    second = fetch(url)
    assert (first[0], first[1]["x-cache"]) == (200, "miss")
    assert (second[0], second[1]["x-cache"]) == (200, "hit")
    assert first[2] == second[2]
    assert "Edited while cached." not in second[2]

    cached_production_server.manage("shell", "-c", RENAME)

    after = fetch(url)
    assert after[1]["x-cache"] == "miss"
    assert "Edited while cached." in after[2]
    page = fetch(cached_production_server.url + "/factories/pharos/")
    assert "Edited while cached." in page[2]


def test_editor_and_admin_requests_bypass_the_cache(cached_production_server):
    url = cached_production_server.url + "/api/v1/factories/"
    fetch(url)
    _, headers, _ = fetch(url, headers={"Authorization": "Token not-a-real-token"})
    assert "x-cache" not in headers
    assert "x-cache" not in fetch(cached_production_server.url + "/admin/login/")[1]


def test_a_host_header_with_another_port_poisons_no_cached_answer(scaled_out):
    """Issue 13's first finding: a request with `Host: 127.0.0.1:6666` made every client's links
    point at port 6666 for the cache's 300 s. Through nginx the port never reaches Django; at a
    gunicorn reached directly, the answer with that port is that Host's own cache entry."""
    source = ("127.0.1.1", 0)  # an address of its own: the API's anonymous limit is small here
    through_nginx = scaled_out.url
    direct = scaled_out.servers[1].url
    for base in (through_nginx, direct):
        for path in ("/api/v1/citations/", "/changes/feed/"):
            poisoned = fetch(base + path, headers={"Host": "127.0.0.1:6666"}, source_address=source)
            assert poisoned[0] == 200
            if base == through_nginx:
                assert "6666" not in poisoned[2], path
            normal = fetch(base + path, source_address=source)
            assert normal[0] == 200
            assert "6666" not in normal[2], (base, path)
            assert base.removeprefix("http://") in normal[2], (base, path)


# What a page carries whatever the request: the miss that stored it and each hit alike.
STORED_HEADERS = (
    "content-type",
    "content-length",
    "etag",
    "vary",
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "x-frame-options",
)


def redis_commands(client):
    """Commands Redis has run so far, its INFO aside (`client` connected once, so that its own
    handshake is not counted in between)."""
    stats = client.info("commandstats")
    return sum(stat["calls"] for name, stat in stats.items() if name != "cmdstat_info")


def test_a_cached_read_is_one_redis_command_with_the_headers_of_its_miss(
    cached_production_server, redis_url
):
    # Its own entry (a parameter the API reads), and a second address the same test stores.
    url = cached_production_server.url + "/factories/?page=1"
    api = cached_production_server.url + "/api/v1/factories/?page_size=3"
    origin = {"Origin": "https://reader.example"}
    miss, api_miss = fetch(url), fetch(api, headers=origin)
    assert (miss[1]["x-cache"], api_miss[1]["x-cache"]) == ("miss", "miss")
    client = redis.Redis.from_url(redis_url)
    before = redis_commands(client)
    hits = [fetch(url) for _ in range(5)]
    pages = redis_commands(client)
    api_hits = [fetch(api, headers=origin) for _ in range(5)]
    after = redis_commands(client)
    for (status, headers, body), stored in [(hit, miss) for hit in hits] + [
        (hit, api_miss) for hit in api_hits
    ]:
        assert (status, headers["x-cache"], body) == (200, "hit", stored[2])
        assert {name: headers.get(name) for name in STORED_HEADERS} == {
            name: stored[1].get(name) for name in STORED_HEADERS
        }
    assert api_hits[0][1]["access-control-allow-origin"] == "*"
    # A page: the data version and the page in one MGET. The API also counts the anonymous
    # limit: EXISTS and INCR of the client's window.
    assert (pages - before, after - pages) == (5, 15)
