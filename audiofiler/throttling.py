"""The API's throttles: DRF's, keyed by the address the proxy saw, failing open.

Clients are told apart by ``REMOTE_ADDR``, or behind ``NUM_PROXIES`` proxies by the
address the last of them appended to ``X-Forwarded-For`` (a client can prepend
anything to that header, but not change what the router adds). The counters live in
the default cache: Redis when ``REDIS_URL`` is set, so every worker process and
machine shares one budget per client. If the cache cannot be reached, requests are let
through (and logged) rather than refused: a throttle must not take the API down
(and, for a few seconds after, not tried: see ``audiofiler.cache_guard``).
"""

import logging

from rest_framework import throttling

from audiofiler.cache_guard import cache_call

logger = logging.getLogger(__name__)


class _FailOpen:
    def allow_request(self, request, view) -> bool:
        return cache_call(
            lambda: super(_FailOpen, self).allow_request(request, view),
            default=True,
            message="throttle cache unavailable, request allowed: %s",
            log=logger,
        )


class AnonRateThrottle(_FailOpen, throttling.AnonRateThrottle):
    """Every anonymous request of a client counts (``anon`` rate)."""


class ScopedRateThrottle(_FailOpen, throttling.ScopedRateThrottle):
    """Views with a ``throttle_scope`` also count against that scope's rate."""
