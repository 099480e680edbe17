"""build_features beyond one process: a local process pool, or Celery workers.

The pool's processes extract and this process stores; Celery workers store
themselves and this process waits, counting the run's ``Extraction`` rows.
"""

import itertools
import os
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from audiofiler.exceptions import ServiceError
from dataset.models import Extraction
from dataset.selectors import extraction_jobs
from dataset.services.extract import Job
from dataset.services.runs import run_touch
from dataset.services.tracks import BATCH, outcomes_store

#: Tracks per Celery task (stored in one transaction): small enough to spread 200
#: tracks over many workers, large enough to keep messages and commits few.
TASK_TRACKS = 8
POLL_S = 0.25


def by_pool(run, ids, *, workers, tick, policy, names, extractor_version) -> None:
    """Extract in ``workers`` processes (one thread each), store here."""
    from dataset import pool

    context = get_context("spawn")  # no forked copies of our DB connection
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=pool.worker_init,
        initargs=(settings_module, sys.path),
    ) as executor:
        for outcomes in executor.map(
            pool.jobs_run,
            job_batches(ids, size=max(1, BATCH // workers // 2)),
            itertools.repeat(names),
            itertools.repeat(policy),
        ):
            outcomes_store(outcomes, extractor_version=extractor_version, run_id=run.pk)
            run_touch(run)
            tick(len(outcomes))


def job_batches(ids: Sequence[int], *, size: int) -> Iterator[list[Job]]:
    for start in range(0, len(ids), BATCH):
        jobs = extraction_jobs(list(ids[start : start + BATCH]))
        for i in range(0, len(jobs), size):
            yield jobs[i : i + size]


class BrokerUnavailable(ServiceError):
    """The Celery broker (Redis) cannot be reached, or none is configured."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="broker_unavailable", status_code=503)


def broker_check() -> None:
    """Raise :class:`BrokerUnavailable` unless the workers' broker answers now (one
    quick attempt: ``CELERY_BROKER_CONNECTION_TIMEOUT``). Nothing is sent."""
    from kombu.utils.url import maybe_sanitize_url

    from audiofiler.celery import app

    if app.conf.task_always_eager:  # tasks run here: no broker needed
        return
    url = app.conf.broker_url or ""
    if url.startswith("memory://"):
        raise BrokerUnavailable(
            "--celery sends the work to Celery workers through a broker they share, "
            "and none is configured: set REDIS_URL (or CELERY_BROKER_URL), or run "
            "without --celery."
        )
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0)
    except Exception as error:  # kombu's OperationalError, a bad URL
        raise BrokerUnavailable(
            f"The Celery broker at {maybe_sanitize_url(url)} is down or unreachable "
            f"({error}). Nothing was sent and nothing changed: start Redis (or fix "
            "REDIS_URL / CELERY_BROKER_URL) and run build_features --celery again, or "
            "run without --celery."
        ) from error


def by_celery(run, ids, *, tick, wait_s, names, extractor_version) -> str:
    """Send the tracks to Celery workers and wait until they are all stored."""
    from kombu.exceptions import OperationalError as BrokerError

    from dataset.tasks import extract_tracks

    for sent, start in enumerate(range(0, len(ids), TASK_TRACKS)):
        try:
            extract_tracks.delay(
                list(ids[start : start + TASK_TRACKS]),
                names=list(names),
                extractor_version=extractor_version,
                run_id=run.pk,
            )
        except BrokerError as error:
            raise BrokerUnavailable(
                f"The Celery broker went away after {sent} of "
                f"{-(-len(ids) // TASK_TRACKS)} tasks were sent ({error}). The sent "
                "ones still run; once the broker is back, run build_features --celery "
                "again to send the rest."
            ) from error
    finished, last_change = 0, time.monotonic()
    while finished < len(ids):
        count = Extraction.objects.filter(run_id=run.pk).count()
        if count > finished:
            tick(count - finished)
            finished, last_change = count, time.monotonic()
            run_touch(run)
        elif time.monotonic() - last_change > wait_s:
            return (
                f"{finished} of {len(ids)} tracks finished; the workers finished "
                f"none for {wait_s:g} s. The queued tasks still run; run "
                "build_features again to pick up the rest."
            )
        else:
            time.sleep(POLL_S)
    return ""
