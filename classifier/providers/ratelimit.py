"""Client-side rate limits (GCRA: a token bucket, no refill thread), shared or not.

Calls are spaced ``period_s / calls`` apart; ``burst`` calls may go back to back after a
quiet spell. The bucket's state is one number, the theoretical arrival time (TAT) of
the next conforming call. It lives in this process (:class:`LocalStore`) or in Redis
(:class:`RedisStore`), where every worker process on every machine takes its slots
from the same budget: the provider's limit is per app, not per process.

A caller whose slot is more than ``max_wait_s`` away gets ``ProviderRateLimited`` with
the wait as ``retry_after``; nothing is reserved. Web requests use ``max_wait_s=0``:
they never sleep, they answer 503 with Retry-After.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from .errors import ProviderRateLimited

logger = logging.getLogger(__name__)


class RateStore(Protocol):
    """Where a limiter keeps its TAT; both operations are atomic."""

    def reserve(
        self, key: str, *, interval_s: float, burst: int, max_wait_s: float
    ) -> tuple[bool, float]:
        """Take the next slot if it is at most ``max_wait_s`` away.

        Returns ``(taken, wait_s)``: the wait before the slot, or (refused) the wait
        that would have been needed.
        """
        ...

    def penalise(
        self, key: str, *, interval_s: float, burst: int, retry_after_s: float
    ) -> None:
        """Push every later slot at least ``retry_after_s`` into the future."""
        ...


def _reserve(
    tat: float, now: float, *, interval_s: float, burst: int, max_wait_s: float
) -> tuple[bool, float, float]:
    """GCRA: ``(taken, wait, new_tat)`` for a call at ``now``."""
    tat = max(tat, now)
    wait = max(0.0, tat - (burst - 1) * interval_s - now)
    if wait > max_wait_s:
        return False, wait, tat
    return True, wait, tat + interval_s


class LocalStore:
    """The TATs of this process's limiters, behind one lock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._tat: dict[str, float] = {}

    def reserve(
        self, key: str, *, interval_s: float, burst: int, max_wait_s: float
    ) -> tuple[bool, float]:
        with self._lock:
            now = self._clock()
            taken, wait, tat = _reserve(
                self._tat.get(key, now),
                now,
                interval_s=interval_s,
                burst=burst,
                max_wait_s=max_wait_s,
            )
            self._tat[key] = tat
            return taken, wait

    def penalise(
        self, key: str, *, interval_s: float, burst: int, retry_after_s: float
    ) -> None:
        with self._lock:
            now = self._clock()
            earliest = now + retry_after_s + (burst - 1) * interval_s
            self._tat[key] = max(self._tat.get(key, now), earliest)


#: GCRA in one atomic step on the Redis server, timed by the server's own clock (so
#: machines with skewed clocks still share one schedule). Milliseconds throughout.
_RESERVE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
if ARGV[3] == 'penalise' then
  local earliest = now + tonumber(ARGV[4]) + (burst - 1) * interval
  if earliest > tat then tat = earliest end
else
  local wait = tat - (burst - 1) * interval - now
  if wait < 0 then wait = 0 end
  if wait > tonumber(ARGV[4]) then return {0, tostring(wait)} end
  tat = tat + interval
  redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
  return {1, tostring(wait)}
end
redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
return {1, '0'}
"""


class RedisStore:
    """TATs kept in Redis under ``<prefix><key>``, shared by every process.

    Parameters
    ----------
    client : redis.Redis
    prefix : str
    fallback : RateStore, optional
        Used (and the failure logged) while Redis cannot be reached, so a Redis outage
        degrades to per-process limits instead of failing every provider call.
    """

    def __init__(
        self,
        client: Any,
        *,
        prefix: str = "audiofiler:ratelimit:",
        fallback: RateStore | None = None,
    ) -> None:
        self._script = client.register_script(_RESERVE_LUA)
        self._prefix = prefix
        self._fallback = fallback or LocalStore()

    def reserve(
        self, key: str, *, interval_s: float, burst: int, max_wait_s: float
    ) -> tuple[bool, float]:
        args = [interval_s * 1000, burst, "reserve", max_wait_s * 1000]
        try:
            taken, wait_ms = self._script(keys=[self._prefix + key], args=args)
        except Exception as error:  # redis' connection and timeout errors
            logger.warning("rate limits fall back to this process: %s", error)
            return self._fallback.reserve(
                key, interval_s=interval_s, burst=burst, max_wait_s=max_wait_s
            )
        return bool(int(taken)), float(wait_ms) / 1000

    def penalise(
        self, key: str, *, interval_s: float, burst: int, retry_after_s: float
    ) -> None:
        args = [interval_s * 1000, burst, "penalise", retry_after_s * 1000]
        try:
            self._script(keys=[self._prefix + key], args=args)
        except Exception as error:
            logger.warning("rate limits fall back to this process: %s", error)
            self._fallback.penalise(
                key, interval_s=interval_s, burst=burst, retry_after_s=retry_after_s
            )


class RateLimiter:
    """Allow ``calls`` calls per ``period_s`` seconds.

    Parameters
    ----------
    calls : int
        Calls allowed per period (iTunes: about 20 a minute).
    period_s : float
    burst : int
        Calls that may be made back to back; 1 spaces every call evenly.
    max_wait_s : float
        Longest a caller may wait for its slot before ``ProviderRateLimited``; 0 in
        web requests, which never sleep.
    name : str
        Provider name: put on the error, and the bucket's key in the store.
    store : RateStore, optional
        Where the bucket lives; a private :class:`LocalStore` by default.
    clock, sleep : callable
        Injectable for tests (``time.monotonic`` and ``time.sleep`` by default); the
        clock is the default store's.
    """

    def __init__(
        self,
        calls: int,
        period_s: float,
        *,
        burst: int = 1,
        max_wait_s: float = 10.0,
        name: str = "provider",
        store: RateStore | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if calls < 1 or period_s <= 0 or burst < 1:
            raise ValueError("calls and burst must be >= 1 and period_s > 0")
        self.interval_s = period_s / calls
        self.burst = burst
        self.max_wait_s = max_wait_s
        self.name = name
        self.store = store or LocalStore(clock)
        self._sleep = sleep

    def reserve(self) -> float:
        """Take the next slot and return how long to wait for it (no sleeping).

        Raises
        ------
        ProviderRateLimited
            The slot is more than ``max_wait_s`` away; nothing is reserved.
        """
        taken, wait = self.store.reserve(
            self.name,
            interval_s=self.interval_s,
            burst=self.burst,
            max_wait_s=self.max_wait_s,
        )
        if not taken:
            raise ProviderRateLimited(
                f"{self.name}: client-side limit reached, next slot in {wait:.1f} s",
                retry_after=max(wait, 1e-3),
                provider=self.name,
            )
        return wait

    def acquire(self) -> None:
        """Wait (at most ``max_wait_s``) until the caller may make one call."""
        wait = self.reserve()
        if wait > 0:
            logger.debug("%s: waiting %.2f s for a rate-limit slot", self.name, wait)
            self._sleep(wait)

    def penalise(self, retry_after_s: float) -> None:
        """Push every later slot past ``retry_after_s`` (after a 429 or quota error)."""
        self.store.penalise(
            self.name,
            interval_s=self.interval_s,
            burst=self.burst,
            retry_after_s=retry_after_s,
        )
