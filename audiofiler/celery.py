"""The Celery app: workers that extract features when one machine is not enough.

Start workers with ``celery -A audiofiler worker`` on any machine that reaches the
same broker (``REDIS_URL``) and database (``DATABASE_URL``); ``build_features
--celery`` sends them tasks. Tasks store their rows in the database themselves, so
no result backend is configured. One worker process per core: each process
extracts with one thread (``AUDIOFILER_EXTRACT_THREADS=1``).
``AUDIOFILER_CELERY_QUEUE`` names the queue (default ``celery``), so several
deployments (or test runs) can share one Redis.
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audiofiler.settings.base")

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


@worker_init.connect
def _one_thread_per_process(**_kwargs) -> None:
    """Before the worker forks its processes: one extraction thread each."""
    os.environ.setdefault("AUDIOFILER_EXTRACT_THREADS", "1")
