"""How many gunicorn workers a web machine runs when ``WEB_CONCURRENCY`` is unset.

Imports nothing of Django, so gunicorn's master (``gunicorn.conf.py``) uses it, and
``bench/load.py`` starts its stack with the same number.
"""

import os


def default_web_workers() -> int:
    """Two per CPU this process may run on, at least 2 (why: ``gunicorn.conf.py``)."""
    return max(2, 2 * len(os.sched_getaffinity(0)))
