"""build_features: a vector for every labelled track that lacks one.

Three ways to run the same per-track work (:func:`extract.job_run`) and store the
same rows (:func:`tracks.outcomes_store`: the vector and the track's ``Extraction``
status, written together; a track per transaction, or a Celery task's tracks in one):

- in this process, one track after another;
- ``workers > 1``: a pool of processes extracts, this process stores;
- ``celery``: tasks of a few tracks each go to ``celery -A audiofiler worker``
  processes on any machine that reaches the same broker and database; the workers
  store, this process waits by counting the run's ``Extraction`` rows.

Resumable by construction: the tracks to do are those without a vector or a final
status, so a killed run's committed tracks are never redone.
"""

import time
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

from django.utils import timezone

from classifier.audio.names import EXTRACTOR_VERSION
from dataset.models import BuildRun
from dataset.selectors import extraction_summary, tracks_to_extract
from dataset.services.extract import DEFAULT_RETRY, DONE, RetryPolicy
from dataset.services.fanout import broker_check, by_celery, by_pool
from dataset.services.runs import run_finish, run_touch
from dataset.services.tracks import BATCH, provider_names, tracks_extract

KIND = "build_features"
#: A ``build_features`` run that has not written for this long was interrupted.
STALE_AFTER = timedelta(minutes=10)


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

    Raises
    ------
    BrokerUnavailable
        ``celery`` and the broker cannot be reached (checked before anything is
        written), or it went away while the tasks were being sent.
    """
    if celery:  # before anything is written: a broker that is down changes nothing
        broker_check()
    if provider_objects is None:
        names = provider_names(providers)
    else:  # tests hand in provider objects of their own
        names = list(providers or provider_objects)
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
            message = by_celery(run, ids, tick=tick, wait_s=wait_s, **common)
        elif workers > 1:
            by_pool(run, ids, workers=workers, tick=tick, policy=policy, **common)
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
                run_touch(run)
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


def _close_interrupted_runs() -> None:
    """Mark runs killed without a word (``kill -9``) as failed."""
    stale = timezone.now() - STALE_AFTER
    BuildRun.objects.filter(
        kind=KIND, status=BuildRun.Status.RUNNING, updated_at__lt=stale
    ).update(status=BuildRun.Status.FAILED, message="interrupted")
