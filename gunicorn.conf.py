"""gunicorn's settings for AudioFiler: ``gunicorn audiofiler.wsgi --config
gunicorn.conf.py`` (the Procfile's web process; ``make serve`` too).

Read from the environment, so the same file serves Heroku and a laptop:

``PORT``                 the port to listen on (Heroku sets it); without it
                         127.0.0.1:8000
``WEB_CONCURRENCY``      worker processes (default: two per CPU this process may
                         run on, at least 2; Heroku's Python buildpack sets it by
                         dyno size: each worker holds NumPy, SciPy and PyAV,
                         ~150 MB, part of it shared with the master)
``GUNICORN_THREADS``     threads per worker (default 1: sync workers; more makes
                         them ``gthread`` workers)
``GUNICORN_TIMEOUT``     seconds a worker may spend on one request before it is
                         killed and replaced (default 60)
``DB_STATEMENT_TIMEOUT_S`` PostgreSQL's statement_timeout in the workers (default
                         half of GUNICORN_TIMEOUT)
``GUNICORN_PRELOAD``     0 to import the app in each worker instead of once in the
                         master (default 1)

Workers are sync workers, two per CPU: each answers one request at a time and
closes the connection after it, so the next connection is accepted by whichever
worker is free. With ``gthread`` workers (``GUNICORN_THREADS`` > 1) a kept-alive
connection stays with the worker that accepted it, however busy, and its threads
queue for one interpreter lock: ``bench/load.py`` on 2 cores, while the shared
host was slow, measured the same cached answers per second (450-530) with a p99 of
71-92 ms for 2 workers x 4 threads against 56-68 ms for 4 sync workers (p99 / p50
1.9-2.3 against 1.5). The second worker per CPU works while the other waits on
PostgreSQL or a provider. A sync worker is held for the whole of a request: a remote
preview's download (1-2 s), or a slow client fetching a library track's audio for the
player. Raise ``WEB_CONCURRENCY`` (memory allowing) or set ``GUNICORN_THREADS`` where
many such requests come at once. Each worker (each thread) holds its own database
connection: ``WEB_CONCURRENCY`` x ``GUNICORN_THREADS`` per dyno (Heroku's smallest
PostgreSQL plans allow 20). The
app is imported once, in the master, before the workers are forked
(``preload_app``): a worker that replaces another (after ``max_requests``, or a
crash) starts serving at once instead of importing Django, NumPy, SciPy and PyAV
anew while its neighbours take all the load, and the workers share the imported
code's memory.

The request time budget (``AUDIOFILER_REQUEST_BUDGET_S``, 25 s) must end well before
the worker timeout: a provider that hangs is then a 504 the worker answers, never a
killed worker. gunicorn refuses to start when the two do not leave
``TIMEOUT_HEADROOM_S`` between them. (Heroku's router gives up on a response after
30 s, which the 25 s budget also fits in.)
"""

import gc
import os

from audiofiler.log_format import gunicorn_logconfig, json_logs_enabled
from audiofiler.web_concurrency import default_web_workers

#: Room left after the provider budget for decoding, extracting and predicting the
#: longest clip accepted (600 s of audio: a few seconds) and for writing the answer.
TIMEOUT_HEADROOM_S = 15.0

_port = os.environ.get("PORT")
bind = [f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY") or default_web_workers())
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in {
    "0",
    "false",
    "no",
    "off",
}
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (a deploy, a restart) workers finish what they are answering first.
graceful_timeout = 30
# gthread workers only (sync workers close each connection): seconds a connection
# is kept open between requests.
keepalive = 5
# A worker is replaced after about this many requests, at staggered moments, so a
# slow leak (a C library's, a cache's) cannot grow without bound. Not much more
# often: at 500 cached answers a second, 1000 replaced each worker every 4 s, and
# the requests queued behind a replacement were the slowest of the load bench.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "1000"))

# gunicorn's runtime control socket (~/.gunicorn/gunicorn.ctl) is not used here, and
# several servers on one machine would share its path.
control_socket_disable = True

# One line per request on stdout, with gunicorn's own messages: JSON lines where the
# app logs JSON (production), the usual text otherwise.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%({x-forwarded-for}i)s" '
    '"%({x-request-id}i)s" "%(a)s"'
)
if json_logs_enabled():
    logconfig_dict = gunicorn_logconfig()

# A query may take half the worker timeout (a lock held by a migration, a
# database that has stalled): then the request is a 503, not a killed worker. The
# workers' settings read this; commands run without a statement timeout.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_S", str(timeout // 2))

_budget = float(os.environ.get("AUDIOFILER_REQUEST_BUDGET_S", "25"))
if _budget + TIMEOUT_HEADROOM_S > timeout:
    raise SystemExit(
        f"gunicorn.conf.py: the worker timeout ({timeout} s) must exceed "
        f"AUDIOFILER_REQUEST_BUDGET_S ({_budget:g} s) by {TIMEOUT_HEADROOM_S:g} s: "
        "raise GUNICORN_TIMEOUT or lower the budget"
    )


def pre_fork(server, worker):
    """Move everything the master has loaded (the preloaded app: Django, NumPy,
    SciPy, PyAV, ~120,000 tracked objects) out of the garbage collector's sight
    before a worker is forked. A worker's full collections then look only at what
    it made itself: measured in-process, a full collection paused a request for
    77 ms before and 2 ms after; and the collector no longer writes to the shared
    pages, so they stay shared (Python's ``gc.freeze`` documentation)."""
    gc.freeze()
