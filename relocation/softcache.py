"""Cache backends that fail soft: an unreachable cache is a slower site, never a broken one.

Every operation that cannot reach the cache is logged (at most once a minute per process, so a
Redis outage does not flood the log), the cache is left alone for ``RETRY_AFTER`` seconds (so a request
does not wait for one timeout per cache call), and each operation is answered as a miss: ``get``
returns the default, ``add`` and ``set`` store nothing, ``incr`` counts nothing (answers 0). What
follows, by design:

- pages are built from the database and served uncached;
- the data version reads as empty, so nothing stale can be served when the cache comes back;
- the login lockout (django-axes keeps its counters in the cache) counts nothing while the cache is
  down: staff can log in, and failed logins are not limited until it answers again (the lockout fails
  *open*; the failures are still logged by axes);
- the readers' report rate limit likewise lets reports through.

``/readyz`` says whether the cache answers (``relocation/health.py``).
"""

import logging
import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("relocation.cache")

#: Seconds between two log lines about the same unreachable cache.
LOG_EVERY = 60

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    UNREACHABLE: tuple[type[Exception], ...] = (RedisError, RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover - redis is a dependency
    UNREACHABLE = (OSError,)


class _Missing:
    pass


MISSING = _Missing()


#: After a failure, operations skip the cache for this many seconds (a request makes several cache
#: calls; without the pause each would wait for its own timeout while Redis is unreachable).
RETRY_AFTER = 5.0


class FailSoftMixin:
    """Wrap a cache backend's operations: on an unreachable cache, log and act as a miss."""

    _last_logged = 0.0
    _down_until = 0.0  # one pause for the process: it has one cache

    def _unreachable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        FailSoftMixin._down_until = now + RETRY_AFTER
        if now - FailSoftMixin._last_logged >= LOG_EVERY:
            FailSoftMixin._last_logged = now
            logger.warning(
                "Cache unreachable (%s: %s): serving without the cache.", operation, error.__class__.__name__
            )

    def _soft(self, operation: str, call, fallback):
        if time.monotonic() < FailSoftMixin._down_until:
            return fallback
        try:
            return call()
        except UNREACHABLE as error:
            self._unreachable(operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._soft("get", lambda: super(FailSoftMixin, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._soft("get_many", lambda: super(FailSoftMixin, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._soft("has_key", lambda: super(FailSoftMixin, self).has_key(key, version), False)

    def add(self, key, value, timeout=MISSING, version=None):
        kwargs = {} if timeout is MISSING else {"timeout": timeout}
        return self._soft(
            "add", lambda: super(FailSoftMixin, self).add(key, value, version=version, **kwargs), False
        )

    def set(self, key, value, timeout=MISSING, version=None):
        kwargs = {} if timeout is MISSING else {"timeout": timeout}
        return self._soft(
            "set", lambda: super(FailSoftMixin, self).set(key, value, version=version, **kwargs), None
        )

    def set_many(self, data, timeout=MISSING, version=None):
        kwargs = {} if timeout is MISSING else {"timeout": timeout}
        return self._soft(
            "set_many",
            lambda: super(FailSoftMixin, self).set_many(data, version=version, **kwargs),
            list(data),
        )

    def touch(self, key, timeout=MISSING, version=None):
        kwargs = {} if timeout is MISSING else {"timeout": timeout}
        return self._soft(
            "touch", lambda: super(FailSoftMixin, self).touch(key, version=version, **kwargs), False
        )

    def delete(self, key, version=None):
        return self._soft("delete", lambda: super(FailSoftMixin, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", lambda: super(FailSoftMixin, self).delete_many(keys, version), None)

    def incr(self, key, delta=1, version=None):
        return self._soft("incr", lambda: super(FailSoftMixin, self).incr(key, delta, version), 0)

    def decr(self, key, delta=1, version=None):
        return self._soft("decr", lambda: super(FailSoftMixin, self).decr(key, delta, version), 0)

    def clear(self):
        return self._soft("clear", lambda: super(FailSoftMixin, self).clear(), None)

    def ping(self) -> bool:
        """Whether the cache answers now (tried even during the pause): a write and a read of a probe."""
        try:
            probe = "relocation:readyz"
            super().set(probe, "1", 10)
            answers = super().get(probe) == "1"
        except UNREACHABLE as error:
            self._unreachable("ping", error)
            return False
        FailSoftMixin._down_until = 0.0
        return answers


class SoftRedisCache(FailSoftMixin, RedisCache):
    """Django's Redis cache, failing soft; short socket timeouts so an outage costs little per request."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)


class SoftFileBasedCache(FailSoftMixin, FileBasedCache):
    """Django's file cache, failing soft (a full or read-only disk)."""
