"""The API's throttles: DRF's, keyed by the address the proxy saw, failing open.

Clients are told apart by ``REMOTE_ADDR``, or behind ``NUM_PROXIES`` proxies by the
address the last of them appended to ``X-Forwarded-For`` (a client can prepend
anything to that header, but not change what the router adds). The counters live in
the default cache: Redis when ``REDIS_URL`` is set, so every worker process and
machine shares one budget per client. If the cache cannot be reached, requests are let
through (and logged) rather than refused: a throttle must not take the API down.
"""

import logging

from rest_framework import throttling

logger = logging.getLogger(__name__)


class _FailOpen:
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache backend's own errors (Redis down)
            logger.warning("throttle cache unavailable, request allowed: %s", error)
            return True


class AnonRateThrottle(_FailOpen, throttling.AnonRateThrottle):
    """Every anonymous request of a client counts (``anon`` rate)."""


class ScopedRateThrottle(_FailOpen, throttling.ScopedRateThrottle):
    """Views with a ``throttle_scope`` also count against that scope's rate."""
