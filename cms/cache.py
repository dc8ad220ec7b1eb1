"""The cache backend: Redis, and a process-local stand-in while Redis cannot be reached.

Redis holds nothing that is not also somewhere else (sessions are written through to the
database, ``SESSION_ENGINE = cached_db``), so an outage must cost speed, never a page. While
Redis is unreachable each call goes to a small in-memory cache in the process instead: sessions
load from the database, allauth's rate-limit lock and PeerPath's guess limits still count (per
process), and pages serve. The warning is logged once per outage, not once per call.

Writes made meanwhile never reached Redis, so what Redis still holds may be out of date (a
session signed out, a progress snapshot replaced). The first call that reaches Redis again after
a missed write empties it once, so nothing stale is ever served.
"""

from __future__ import annotations

import logging
import threading

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("peerpath.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
READS = ("get", "get_many", "has_key")
WRITES = ("add", "set", "touch", "delete", "incr", "set_many", "delete_many", "clear")


class OneClientPerPool(RedisCacheClient):
    """Django's Redis cache client makes a new ``redis.Redis`` for every call, which copies its
    table of some 170 reply handlers (about 0.08 ms alone), and a page makes several calls.
    This one makes one per connection pool and reuses it: measured in process, a kept /learn/
    took 1.7 ms against 2.8 ms, more than the construction alone explains (docs/performance.md).
    A ``redis.Redis`` is safe to share between threads, as each command borrows a connection
    from the pool, which is what reconnects after an outage, as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        # A dead Redis answers at once (refused) or within half a second (gone silent).
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = OneClientPerPool
        self._stand_in = LocMemCache("peerpath-stand-in", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._state = threading.Lock()
        self._down = False
        self._missed_writes = False

    def _call(self, name: str, *args, **kwargs):
        try:
            if self._missed_writes:
                self._recover()
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            with self._state:
                if not self._down:
                    logger.warning("Redis is unreachable; using an in-process cache (%s)", error)
                self._down = True
                if name in WRITES:
                    self._missed_writes = True
            return getattr(self._stand_in, name)(*args, **kwargs)
        if self._down:
            with self._state:
                self._down = False
            logger.warning("Redis is reachable again")
        return result

    def shares_state(self) -> bool:
        """Whether this process reads and writes the Redis every process shares (not while it is
        unreachable, nor until it has been emptied after missed writes)."""
        return not (self._down or self._missed_writes)

    def _recover(self) -> None:
        """Empty Redis once after writes it missed (raises if it is still unreachable)."""
        super().clear()
        with self._state:
            self._missed_writes = False
        self._stand_in.clear()
        logger.warning("Redis is reachable again; emptied it, since it missed writes")


def _through(name: str):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in READS + WRITES:
    setattr(ResilientRedisCache, _name, _through(_name))
