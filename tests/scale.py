"""The real registry grown to 7, 1,000 and 10,000 factories, for tests that must hold at any size.

    def test_home_runs_seven_queries(registry_of_size, db, client, django_assert_num_queries):
        size = registry_of_size  # 7, 1000 or 10000: the number of factories
        ...

`registry_of_size` is module-scoped and parametrised over SIZES: each size is built once per
test module (the registry's fixtures, then bench/generate.py's factories up to the size) inside
a transaction that is rolled back when the module's tests at that size are done. Each test still
runs in its own savepoint (pytest-django's `db`, which each test still requests: a module-scoped
fixture cannot grant a test database access), so what a test writes is undone after it.
tests/conftest.py registers it, so no import is needed. Cost on SQLite on this 2-core machine,
once per module: about 1 s at 7, 1 to 3 s at 1,000 and 5 to 8 s at 10,000 (pytest-randomly keeps
a module's tests grouped by size, so each size is still built once).

Keep the tests that use it in modules of their own: every test of the module sees the grown
registry while it is set up, and tests that need real commits (live_server, transactional_db)
cannot run inside its transaction. `registry_at(size)` does the same building inside whatever
transaction the caller has, for a single test.
"""

from contextlib import ExitStack

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from bench.generate import generate
from factories.models import AIFactory

SIZES = (7, 1_000, 10_000)


def registry_at(size):
    """Loads the registry's fixtures and generates factories until there are `size` of them."""
    call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=0)
    real = AIFactory.objects.count()
    if size > real:
        generate(size - real, start=0)
    if connection.vendor == "postgresql":
        # A real database of this size has the planner's statistics (autovacuum analyses it);
        # rows bulk-inserted in this still open transaction have none, and the planner would
        # take 10,000 sources with 180,000 citations for a few rows (a COUNT ran for minutes).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # Check the deferred foreign keys of the rows just inserted now, once. Left pending,
        # they were checked again at the end of every test (Django's TestCase checks the
        # constraints before rolling back its savepoint, and the rollback makes them pending
        # again): 2.5 s per test at 10,000 factories. SQLite defers none: its check is a scan
        # that TestCase runs after each test whatever is done here.
        connection.check_constraints()
    return size


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size}-factories")
def registry_of_size(request, django_db_setup, django_db_blocker):
    """The registry with request.param factories (7, 1,000 or 10,000), built once per module."""
    with ExitStack() as stack:
        with django_db_blocker.unblock():
            stack.enter_context(transaction.atomic())
            registry_at(request.param)
        yield request.param
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            stack.close()
