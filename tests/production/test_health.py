from bench.servers import ProductionServer

from .http import fetch


def test_healthz_reports_the_database_and_recovers_by_itself(pg_cluster):
    server = ProductionServer(pg_cluster.create_database("registry_health")).start()
    try:
        assert fetch(server.url + "/healthz")[::2] == (200, "ok\n")

        pg_cluster.stop()
        try:
            status, headers, text = fetch(server.url + "/healthz")
            assert (status, text) == (503, "database unavailable\n")
            assert headers["content-type"].startswith("text/plain")
            # Both workers fail the same way: nothing is served from a stale connection.
            assert fetch(server.url + "/healthz")[0] == 503
        finally:
            pg_cluster.start()

        assert fetch(server.url + "/healthz")[::2] == (200, "ok\n")
        assert fetch(server.url + "/healthz")[::2] == (200, "ok\n")
        assert fetch(server.url + "/factories/pharos/")[0] == 200
    finally:
        server.stop()
