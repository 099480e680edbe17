"""The shared cache (Redis in production) as a helper the site can do without.

Throttle counters and cached searches live in the default cache. When it cannot be
reached, a call fails after its socket timeout (1 s, see the settings), and the
caller goes on without it (throttles let the request through, searches are asked
afresh). A Redis that hangs would cost every request that second, several times,
so after a failure this process leaves the cache alone for
``AUDIOFILER_CACHE_RETRY_S`` seconds, then tries again.
"""

import logging
import time
import weakref
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

T = TypeVar("T")
logger = logging.getLogger(__name__)
#: backend object -> monotonic time before which it is not tried
_down_until: "weakref.WeakKeyDictionary[object, float]" = weakref.WeakKeyDictionary()


def cache_call(
    call: Callable[[], T], *, default: T, message: str, log: logging.Logger = logger
) -> T:
    """``call()``, or ``default`` when the default cache fails or failed lately.

    ``message`` (with one ``%s`` for the error) is logged as a warning on failure.
    """
    backend = caches["default"]
    now = time.monotonic()
    if _down_until.get(backend, 0.0) > now:
        return default
    try:
        return call()
    except Exception as error:  # the cache backend's own errors (Redis down)
        retry_s = settings.AUDIOFILER_CACHE_RETRY_S
        if retry_s > 0:
            _down_until[backend] = time.monotonic() + retry_s
        log.warning(message + " (cache not used for %gs)", error, retry_s)
        return default
