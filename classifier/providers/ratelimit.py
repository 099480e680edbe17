"""A thread-safe client-side rate limiter (GCRA: a token bucket, no refill thread).

Calls are spaced ``period_s / calls`` apart; ``burst`` calls may go back to back after a
quiet spell. A caller waits for its slot up to ``max_wait_s``; a longer wait raises
``ProviderRateLimited`` with the wait as ``retry_after`` instead of sleeping for ever.
"""

import logging
import threading
import time
from collections.abc import Callable

from .errors import ProviderRateLimited

logger = logging.getLogger(__name__)


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
        Longest a caller blocks for its slot before ``ProviderRateLimited``.
    name : str
        Provider name put on the error.
    clock, sleep : callable
        Injectable for tests (``time.monotonic`` and ``time.sleep`` by default).
    """

    def __init__(
        self,
        calls: int,
        period_s: float,
        *,
        burst: int = 1,
        max_wait_s: float = 10.0,
        name: str = "provider",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if calls < 1 or period_s <= 0 or burst < 1:
            raise ValueError("calls and burst must be >= 1 and period_s > 0")
        self.interval_s = period_s / calls
        self.burst = burst
        self.max_wait_s = max_wait_s
        self.name = name
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tat = clock()  # theoretical arrival time of the next conforming call

    def reserve(self) -> float:
        """Take the next slot and return how long to wait for it (no sleeping).

        Raises
        ------
        ProviderRateLimited
            The slot is more than ``max_wait_s`` away; nothing is reserved.
        """
        with self._lock:
            now = self._clock()
            tat = max(self._tat, now)
            wait = tat - (self.burst - 1) * self.interval_s - now
            wait = max(0.0, wait)
            if wait > self.max_wait_s:
                raise ProviderRateLimited(
                    f"{self.name}: client-side limit reached, "
                    f"next slot in {wait:.1f} s",
                    retry_after=wait,
                    provider=self.name,
                )
            self._tat = tat + self.interval_s
            return wait

    def acquire(self) -> None:
        """Block until the caller may make one call (see ``reserve``)."""
        wait = self.reserve()
        if wait > 0:
            logger.debug("%s: waiting %.2f s for a rate-limit slot", self.name, wait)
            self._sleep(wait)

    def penalise(self, retry_after_s: float) -> None:
        """Push every later slot past ``retry_after_s`` (after a 429 or quota error)."""
        with self._lock:
            earliest = (
                self._clock() + retry_after_s + (self.burst - 1) * self.interval_s
            )
            self._tat = max(self._tat, earliest)
