"""build_features: a vector for every labelled track that lacks one.

Three ways to run the same per-track work (:func:`extract.job_run`) and store the
same rows (:func:`outcomes_store`: the vector and the track's ``Extraction`` status,
written together; a track per transaction, or a Celery task's tracks in one):

- in this process, one track after another;
- ``workers > 1``: a pool of processes extracts, this process stores;
- ``celery``: tasks of a few tracks each go to ``celery -A audiofiler worker``
  processes on any machine that reaches the same broker and database; the workers
  store, this process waits by counting the run's ``Extraction`` rows.

Resumable by construction: the tracks to do are those without a vector or a final
status, so a killed run's committed tracks are never redone.
"""

import itertools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from multiprocessing import get_context

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from classifier.audio.names import EXTRACTOR_VERSION
from dataset.models import BuildRun, Extraction, FeatureVector
from dataset.selectors import extraction_jobs, extraction_summary, tracks_to_extract
from dataset.services.extract import (
    DEFAULT_RETRY,
    DONE,
    Job,
    Outcome,
    RetryPolicy,
    job_run,
)
from dataset.services.runs import run_finish, with_reconnect

logger = logging.getLogger(__name__)

KIND = "build_features"
#: Tracks fetched from the database (and handed to the pool) at a time.
BATCH = 64
#: Tracks per Celery task (stored in one transaction): small enough to spread 200
#: tracks over many workers, large enough to keep messages and commits few.
TASK_TRACKS = 8
POLL_S = 0.25
#: A ``build_features`` run that has not written for this long was interrupted.
STALE_AFTER = timedelta(minutes=10)


def outcomes_store(
    outcomes: Sequence[Outcome], *, extractor_version: str, run_id: int | None
) -> None:
    """Write tracks' vectors (when done) and statuses in one transaction.

    Safe to repeat: a vector that exists is kept, a status is replaced.
    """

    @transaction.atomic
    def write(_reconnects: int) -> None:
        FeatureVector.objects.bulk_create(
            [
                FeatureVector(
                    track_id=outcome.track_id,
                    extractor_version=extractor_version,
                    data=outcome.vector,
                    preview_provider=outcome.provider,
                    windows=outcome.windows,
                    duration_s=outcome.duration_s,
                )
                for outcome in outcomes
                if outcome.status == DONE
            ],
            ignore_conflicts=True,
        )
        for outcome in outcomes:
            Extraction.objects.update_or_create(
                track_id=outcome.track_id,
                extractor_version=extractor_version,
                defaults={
                    "status": outcome.status,
                    "reason": outcome.reason[:2000],
                    "provider": outcome.provider,
                    "attempts": outcome.attempts,
                    "run_id": run_id,
                },
            )

    if outcomes:
        ids = ", ".join(str(o.track_id) for o in outcomes)
        with_reconnect(write, what=f"storing tracks {ids}")


def provider_names(requested: Sequence[str] | None) -> list[str]:
    """The providers to use: those asked for (all must be configured) or all."""
    from classifier.providers.errors import UnknownProvider
    from classifier.services.providers import providers_get

    configured = list(providers_get())
    if not requested:
        return configured
    unknown = [name for name in requested if name not in configured]
    if unknown:
        raise UnknownProvider(
            f"provider {', '.join(unknown)} is not configured (configured: "
            f"{', '.join(configured)}); e.g. set AUDIOFILER_DEEZER=1"
        )
    return list(requested)


def tracks_extract(
    track_ids: Sequence[int],
    *,
    names: Sequence[str],
    extractor_version: str = EXTRACTOR_VERSION,
    run_id: int | None = None,
    providers: Mapping | None = None,
    policy: RetryPolicy = DEFAULT_RETRY,
    sleep: Callable[[float], None] = time.sleep,
    commit_every: int = 1,
) -> list[Outcome]:
    """Extract and store ``track_ids`` here, skipping tracks already finished.

    What a Celery task runs (committing its few tracks together: a task that dies
    is redelivered whole), and the single-process path (a commit per track).
    """
    finished = set(
        Extraction.objects.filter(
            track_id__in=track_ids,
            extractor_version=extractor_version,
            status=Extraction.Status.DONE,
        ).values_list("track_id", flat=True)
    )
    todo = [i for i in track_ids if i not in finished]
    outcomes, pending = [], []
    for job in extraction_jobs(todo):
        pending.append(_run(job, names, providers, policy, sleep))
        if len(pending) >= commit_every:
            outcomes_store(pending, extractor_version=extractor_version, run_id=run_id)
            outcomes += pending
            pending = []
    outcomes_store(pending, extractor_version=extractor_version, run_id=run_id)
    return outcomes + pending


def _run(job: Job, names, providers, policy, sleep) -> Outcome:
    if providers is None:
        from classifier.services.providers import providers_get

        providers = providers_get()
    return job_run(
        job,
        providers=providers,
        names=names,
        policy=policy,
        sleep=sleep,
        max_bytes=settings.AUDIOFILER_MAX_UPLOAD_BYTES,
        max_seconds=settings.AUDIOFILER_MAX_AUDIO_SECONDS,
    )


def features_build(
    *,
    providers: Sequence[str] | None = None,
    workers: int = 1,
    celery: bool = False,
    limit: int | None = None,
    retry_failed: bool = False,
    retry_no_preview: bool = False,
    extractor_version: str = EXTRACTOR_VERSION,
    progress: Callable[[int, int], Callable[[int], None]] | None = None,
    provider_objects: Mapping | None = None,
    policy: RetryPolicy = DEFAULT_RETRY,
    sleep: Callable[[float], None] = time.sleep,
    wait_s: float = 900.0,
) -> BuildRun:
    """Give every labelled track without one a vector; return the finished run.

    ``progress(run_id, total)`` returns a callback taking the tracks finished.
    ``wait_s`` (Celery only): how long the workers may go without finishing a
    track before this process stops waiting (the queued tasks still run).
    """
    names = provider_names(providers) if provider_objects is None else providers
    ids = tracks_to_extract(
        extractor_version=extractor_version,
        retry_failed=retry_failed,
        retry_no_preview=retry_no_preview,
        limit=limit,
    )
    _close_interrupted_runs()
    run = BuildRun.objects.create(
        kind=KIND,
        total=len(ids),
        arguments={
            "providers": list(names),
            "workers": workers,
            "celery": celery,
            "limit": limit,
            "retry_failed": retry_failed,
            "retry_no_preview": retry_no_preview,
            "extractor_version": extractor_version,
        },
    )
    tick = progress(run.pk, len(ids)) if progress else (lambda n: None)
    common = {"names": list(names), "extractor_version": extractor_version}
    message = ""
    try:
        if celery:
            message = _by_celery(run, ids, tick=tick, wait_s=wait_s, **common)
        elif workers > 1:
            _by_pool(run, ids, workers=workers, tick=tick, policy=policy, **common)
        else:
            for start in range(0, len(ids), BATCH):
                outcomes = tracks_extract(
                    ids[start : start + BATCH],
                    run_id=run.pk,
                    providers=provider_objects,
                    policy=policy,
                    sleep=sleep,
                    **common,
                )
                _touch(run)
                tick(len(outcomes))
    except BaseException as error:
        _finish(run, extractor_version, failed=True, message=repr(error))
        raise
    _finish(run, extractor_version, failed=bool(message), message=message)
    return run


def _finish(run: BuildRun, extractor_version: str, *, failed: bool, message: str):
    run.counts = extraction_summary(run.pk, extractor_version=extractor_version)
    statuses = run.counts["status"]
    run.done = statuses.get(DONE, 0)
    run.failed = sum(statuses.values()) - run.done
    run.save(update_fields=["counts", "done", "failed", "updated_at"])
    run_finish(run, failed=failed, message=message)


def _touch(run: BuildRun) -> None:
    """Show the run is alive (see ``_close_interrupted_runs``)."""
    BuildRun.objects.filter(pk=run.pk).update(updated_at=timezone.now())


def _close_interrupted_runs() -> None:
    """Mark runs killed without a word (``kill -9``) as failed."""
    stale = timezone.now() - STALE_AFTER
    BuildRun.objects.filter(
        kind=KIND, status=BuildRun.Status.RUNNING, updated_at__lt=stale
    ).update(status=BuildRun.Status.FAILED, message="interrupted")


def _by_pool(run, ids, *, workers, tick, policy, names, extractor_version) -> None:
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
            _job_batches(ids, size=max(1, BATCH // workers // 2)),
            itertools.repeat(names),
            itertools.repeat(policy),
        ):
            outcomes_store(outcomes, extractor_version=extractor_version, run_id=run.pk)
            _touch(run)
            tick(len(outcomes))


def _job_batches(ids: Sequence[int], *, size: int) -> Iterator[list[Job]]:
    for start in range(0, len(ids), BATCH):
        jobs = extraction_jobs(list(ids[start : start + BATCH]))
        for i in range(0, len(jobs), size):
            yield jobs[i : i + size]


def _by_celery(run, ids, *, tick, wait_s, names, extractor_version) -> str:
    """Send the tracks to Celery workers and wait until they are all stored."""
    from dataset.tasks import extract_tracks

    for start in range(0, len(ids), TASK_TRACKS):
        extract_tracks.delay(
            list(ids[start : start + TASK_TRACKS]),
            names=list(names),
            extractor_version=extractor_version,
            run_id=run.pk,
        )
    finished, last_change = 0, time.monotonic()
    while finished < len(ids):
        count = Extraction.objects.filter(run_id=run.pk).count()
        if count > finished:
            tick(count - finished)
            finished, last_change = count, time.monotonic()
            _touch(run)
        elif time.monotonic() - last_change > wait_s:
            return (
                f"{finished} of {len(ids)} tracks finished; the workers finished "
                f"none for {wait_s:g} s. The queued tasks still run; run "
                "build_features again to pick up the rest."
            )
        else:
            time.sleep(POLL_S)
    return ""
