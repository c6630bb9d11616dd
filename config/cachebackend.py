"""Django's Redis cache, with one Redis client per process instead of one per command.

Django's RedisCacheClient.get_client builds a new redis.Redis for every cache command, and
redis-py 8 fills about 170 response callbacks into each one: a third of the CPU of a cached read
went there (bench/profiles-fastpath.md). The connection pool was already shared; now the
client on top of it is too (redis.Redis is safe to share between threads, and its pool
reconnects after a fork).
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    """One redis.Redis for writes and one for reads, made on first use and kept. With several
    servers (writes to the first, reads from the others), a process keeps reading from the
    replica it first picked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clients = {}

    def get_client(self, key=None, *, write=False):
        client = self.clients.get(write)
        if client is None:
            client = self.clients[write] = super().get_client(key, write=write)
        return client


class RedisCache(redis.RedisCache):
    """django.core.cache.backends.redis.RedisCache with the client above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        # Django names its client class only in this attribute (no setting or OPTIONS key
        # chooses it); this is the one place the registry sets it.
        self._class = RedisCacheClient
