"""The Celery app: workers that extract features when one machine is not enough.

Start workers with ``celery -A audiofiler worker`` on any machine that reaches the
same broker (``REDIS_URL``) and database (``DATABASE_URL``); ``build_features
--celery`` sends them tasks. Tasks store their rows in the database themselves, so
no result backend is configured. One worker process per core: each process
extracts with one thread (``AUDIOFILER_EXTRACT_THREADS=1``, and one OpenBLAS
thread).
``AUDIOFILER_CELERY_QUEUE`` names the queue (default ``celery``), so several
deployments (or test runs) can share one Redis.
"""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audiofiler.settings.base")
#: In a worker the processes are the parallelism: one thread each for our feature
#: extractor and for OpenBLAS. Set here, before anything loads NumPy (the worker
#: imports this module first); a variable already set wins.
WORKER_THREAD_SETTINGS = (
    "AUDIOFILER_EXTRACT_THREADS",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
)
if "worker" in sys.argv[1:]:
    for _name in WORKER_THREAD_SETTINGS:
        os.environ.setdefault(_name, "1")

app = Celery("audiofiler")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A worker takes one task at a time, so a slow one does not hoard others'.
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    task_default_queue=os.environ.get("AUDIOFILER_CELERY_QUEUE", "celery"),
)
app.autodiscover_tasks()
