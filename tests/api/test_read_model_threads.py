"""The read model's stores are shared by a worker's request threads (GUNICORN_THREADS)."""

import sys
import threading

import pytest

from sources.readmodel import Representations


@pytest.fixture
def frequent_thread_switches():
    # Switch threads as often as the interpreter can, so reads meet evictions mid-way.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.django_db
def test_threads_reading_while_others_evict_never_fail(frequent_thread_switches):
    store = Representations(limit=8)
    errors = []

    def work(offset):
        try:
            for i in range(20_000):
                keys = [(offset + i + n) % 32 for n in range(4)]
                store.put_many(1, {key: f"row {key}" for key in keys})
                found = store.get_many(1, keys + [(offset + i + 16) % 32])
                assert all(found[key] == f"row {key}" for key in found)
        except Exception as error:  # noqa: BLE001 - any error in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n * 5,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.entries) <= 8
