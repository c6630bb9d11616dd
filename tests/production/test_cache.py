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
