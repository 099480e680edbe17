"""What every way of running build_features shares: the per-track work and its rows.

:func:`tracks_extract` extracts and stores tracks in this process (a Celery task
runs it); :func:`outcomes_store` writes the vector and the track's ``Extraction``
status together; :func:`run_job` is one track's work with the configured
providers and the settings' caps.
"""

import time
from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.db import transaction

from classifier.audio.names import EXTRACTOR_VERSION
from dataset.models import Extraction, FeatureVector
from dataset.selectors import extraction_jobs
from dataset.services.extract import (
    DEFAULT_RETRY,
    DONE,
    Job,
    Outcome,
    RetryPolicy,
    job_run,
)
from dataset.services.runs import with_reconnect

#: Tracks fetched from the database (and handed to a process pool) at a time.
BATCH = 64


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
        Extraction.objects.bulk_create(
            [
                Extraction(
                    track_id=outcome.track_id,
                    extractor_version=extractor_version,
                    status=outcome.status,
                    reason=outcome.reason[:2000],
                    provider=outcome.provider,
                    attempts=outcome.attempts,
                    run_id=run_id,
                )
                for outcome in outcomes
            ],
            update_conflicts=True,
            unique_fields=["track", "extractor_version"],
            update_fields=[
                "status", "reason", "provider", "attempts", "run", "updated_at",
            ],
        )  # fmt: skip

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
        pending.append(run_job(job, names, providers, policy, sleep))
        if len(pending) >= commit_every:
            outcomes_store(pending, extractor_version=extractor_version, run_id=run_id)
            outcomes += pending
            pending = []
    outcomes_store(pending, extractor_version=extractor_version, run_id=run_id)
    return outcomes + pending


def run_job(job: Job, names, providers, policy, sleep) -> Outcome:
    """``job_run`` with the configured providers and the settings' size caps."""
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
