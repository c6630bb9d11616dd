"""The API's anonymous throttle through nginx and two gunicorn servers counting in one Redis:
parallel clients from one address never get more answers than the limit (cached answers
included), and X-Forwarded-For changes nothing.

The rate is a small number a day (API_ANON_THROTTLE_RATE), so a burst takes seconds of a window
of 86,400. The count is per UTC day, so a burst could still straddle midnight: each burst comes
from a loopback address of its own (127.0.0.N, a fresh count), and one whose first and last
request fall on two days is run again from the next address, in the new day. No outcome depends
on the clock.
"""

import itertools
import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from .conftest import SCALED_OUT_LIMIT as LIMIT
from .http import fetch

CLIENTS = 16
REQUESTS_PER_CLIENT = 6
DAY = 86_400
# Each burst's own client address; 127.0.0.1 is nginx's, which gunicorn trusts as a proxy.
ADDRESSES = (f"127.0.0.{n}" for n in itertools.count(2))


def within_one_day(burst):
    """burst(address)'s result, from a burst whose requests all fell in one UTC day."""
    for _ in range(2):
        day = int(time.time() // DAY)
        result = burst(next(ADDRESSES))
        if int(time.time() // DAY) == day:
            return result
    raise AssertionError("two bursts in a row straddled midnight")


def test_parallel_clients_from_one_address_get_exactly_the_limit(scaled_out):
    url = scaled_out.url + "/api/v1/countries/"

    def client(address):
        return [fetch(url, source_address=(address, 0)) for _ in range(REQUESTS_PER_CLIENT)]

    def burst(address):
        with ThreadPoolExecutor(CLIENTS) as pool:
            return [
                answer for answers in pool.map(client, [address] * CLIENTS) for answer in answers
            ]

    answers = within_one_day(burst)
    statuses = Counter(status for status, _, _ in answers)
    assert statuses == {200: LIMIT, 429: CLIENTS * REQUESTS_PER_CLIENT - LIMIT}
    refused = next(answer for answer in answers if answer[0] == 429)
    assert refused[1]["content-type"] == "application/json"
    assert "throttled" in json.loads(refused[2])["detail"].lower()


def test_a_spoofed_x_forwarded_for_through_nginx_does_not_reset_the_count(scaled_out):
    url = scaled_out.url + "/api/v1/organisations/"

    def burst(address):
        own = [fetch(url, source_address=(address, 0))[0] for _ in range(LIMIT)]
        spoofed = [
            fetch(url, headers={"X-Forwarded-For": f"192.0.2.{n}"}, source_address=(address, 0))[0]
            for n in range(20)
        ]
        return own, spoofed

    own, spoofed = within_one_day(burst)
    assert own == [200] * LIMIT
    assert spoofed == [429] * 20
    # Another address still gets its own count.
    assert fetch(url, source_address=(next(ADDRESSES), 0))[0] == 200
