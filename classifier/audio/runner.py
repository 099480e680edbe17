"""The process side of feature extraction: how many threads, and the pool they share.

The feature functions are pure; this module holds what belongs to a process. The
thread count is read on first use (not at import) from the CPUs this process may run
on, capped by ``AUDIOFILER_EXTRACT_THREADS``; the pool is built on first use too. A
forked child (gunicorn ``--preload``, a Celery prefork worker) inherits the parent's
pool object but none of its threads, so work handed to it would never run: the child
forgets both and builds its own when it needs them.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

#: Caps the threads one extraction uses; ``1`` turns threading off.
THREADS_ENV = "AUDIOFILER_EXTRACT_THREADS"
#: The cap when the variable is unset: a 30 s clip is only five blocks of frames, and
#: the threads share the memory bus; more than two have little left to gain.
DEFAULT_MAX_THREADS = 2

_lock = threading.Lock()
_threads: int | None = None
_pool: ThreadPoolExecutor | None = None


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask, not the machine's count
    (where there is no affinity call, as on macOS, the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def extract_threads() -> int:
    """Threads one extraction uses: ``min(usable CPUs, the cap)``, computed once.

    Raises
    ------
    ValueError
        ``AUDIOFILER_EXTRACT_THREADS`` is set but not a whole number >= 1.
    """
    global _threads
    if _threads is None:
        _threads = min(usable_cpus(), _thread_cap())
    return _threads


def _thread_cap() -> int:
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_THREADS
    try:
        cap = int(raw)
    except ValueError:
        cap = 0
    if cap < 1:
        raise ValueError(f"{THREADS_ENV} must be a whole number >= 1, not {raw!r}")
    return cap


def thread_pool() -> ThreadPoolExecutor | None:
    """The process's pool of ``extract_threads() - 1`` helpers (the caller is the
    other thread), or ``None`` when extraction runs on one thread."""
    global _pool
    helpers = extract_threads() - 1
    if helpers < 1:
        return None
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=helpers, thread_name_prefix="audio-features"
            )
        return _pool


def reset() -> None:
    """Forget the thread count and the pool (in a forked child, or after a test
    changed the environment); both are rebuilt on next use.

    The pool is dropped, not shut down: in a child its threads do not exist, and in
    the parent a running extraction may still hold it.
    """
    global _threads, _pool, _lock
    _lock = threading.Lock()  # the parent may have held it at the fork
    _threads = None
    _pool = None


os.register_at_fork(after_in_child=reset)
