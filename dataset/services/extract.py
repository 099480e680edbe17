"""One track to one feature vector: find its preview, download, decode, extract.

No database here (the caller stores the ``Outcome``), so the same function runs in
the command's process, in a ``--workers`` process pool and in Celery workers.
Provider calls go through the providers' own rate limiters (shared by every process
when they keep them in Redis); on top of that each call is retried with exponential
back-off and jitter: after ``ProviderRateLimited`` it waits ``retry_after`` when the
provider said, after a 5xx, a broken connection or a timeout it backs off, and it
gives up after ``RetryPolicy.attempts`` calls. No preview (or no close match) is
the ``no_preview`` status; anything else that goes wrong is ``failed`` with why.
"""

import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.audio import AudioError, decode_audio, extract_features
from classifier.providers.base import Provider, TrackRef
from classifier.providers.chain import find_preview
from classifier.providers.errors import (
    DownloadFailed,
    DownloadTooLarge,
    NoPreview,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    TrackNotFound,
)
from classifier.providers.matching import MATCH_THRESHOLD, best_hit

logger = logging.getLogger(__name__)

DONE, NO_PREVIEW, FAILED = "done", "no_preview", "failed"
#: Providers that search by artist and title (``find_preview`` asks them in order).
CHAIN_PROVIDERS = ("deezer", "itunes")


@dataclass(frozen=True)
class Job:
    """What is known of a track that needs a vector (picklable, no ORM)."""

    track_id: int
    artist: str = ""
    title: str = ""
    isrc: str = ""
    duration_s: float | None = None
    local_path: str = ""
    provider: str = ""
    provider_id: str = ""


@dataclass(frozen=True)
class Outcome:
    """What happened to one track; ``vector`` is float32 little-endian bytes."""

    track_id: int
    status: str
    reason: str = ""
    provider: str = ""
    attempts: int = 0
    vector: bytes | None = None
    windows: int | None = None
    duration_s: float | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a provider call is retried.

    The n-th wait is drawn from ``[d/2, d]`` with ``d = min(cap_s, base_s * 2**n)``
    ("equal jitter": workers that failed together do not retry together); a
    ``retry_after`` the provider gave is honoured up to ``max_retry_after_s``.
    """

    attempts: int = 5
    base_s: float = 1.0
    cap_s: float = 60.0
    max_retry_after_s: float = 300.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.cap_s, self.base_s * 2 ** (attempt - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


DEFAULT_RETRY = RetryPolicy()


def _retryable(error: ProviderError) -> bool:
    if isinstance(error, ProviderRateLimited):
        return True
    if isinstance(error, DownloadFailed) and error.status is not None:
        return error.status >= 500  # a 4xx from the preview host will not change
    return isinstance(error, ProviderTimeout | ProviderUnavailable)


class Patient:
    """A provider whose calls are retried with back-off (counted in ``calls``)."""

    def __init__(self, provider: Any, retry: "Retrier") -> None:
        self._provider = provider
        self._retry = retry
        self.name = provider.name

    def __getattr__(self, method: str) -> Callable[..., Any]:
        target = getattr(self._provider, method)
        return lambda *args, **kwargs: self._retry(target, *args, **kwargs)


class Retrier:
    """Calls a function until it succeeds, retrying what :func:`_retryable` allows."""

    def __init__(
        self, policy: RetryPolicy, sleep: Callable[[float], None], rng: random.Random
    ) -> None:
        self.policy, self.sleep, self.rng = policy, sleep, rng
        self.calls = 0

    def __call__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, self.policy.attempts + 1):
            self.calls += 1
            try:
                return function(*args, **kwargs)
            except ProviderError as error:
                if not _retryable(error) or attempt == self.policy.attempts:
                    raise
                wait = getattr(error, "retry_after", None)
                if wait is None:
                    wait = self.policy.backoff(attempt, self.rng)
                wait = min(wait, self.policy.max_retry_after_s)
                logger.info(
                    "%s (attempt %d of %d); retrying in %.1f s",
                    error,
                    attempt,
                    self.policy.attempts,
                    wait,
                )
                self.sleep(wait)
        raise AssertionError("unreachable")


def job_run(
    job: Job,
    *,
    providers: Mapping[str, Provider],
    names: Sequence[str],
    policy: RetryPolicy = DEFAULT_RETRY,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
    max_bytes: int = 50 * 1024 * 1024,
    max_seconds: float = 600.0,
) -> Outcome:
    """Fetch, decode and extract one track; never raises for the track's own faults.

    Parameters
    ----------
    providers : mapping
        Provider objects by name (``classifier.services.providers.providers_get()``).
    names : sequence of str
        Which of them to use, in order (``local`` reads a folder track's own file).
    """
    retry = Retrier(policy, sleep, rng or random.Random())
    try:
        data, used = _preview(job, providers, names, retry, max_bytes)
        signal, rate = decode_audio(data, max_seconds=max_seconds)
        features = extract_features(signal, rate)
    except (NoPreview, TrackNotFound) as error:
        return Outcome(job.track_id, NO_PREVIEW, str(error), attempts=retry.calls)
    except (ProviderError, AudioError, OSError) as error:
        reason = f"{type(error).__name__}: {error}"
        return Outcome(job.track_id, FAILED, reason, attempts=retry.calls)
    except Exception as error:  # one odd track must not stop a long build
        logger.exception("track %s: unexpected error", job.track_id)
        reason = f"unexpected {type(error).__name__}: {error}"
        return Outcome(job.track_id, FAILED, reason, attempts=retry.calls)
    return Outcome(
        job.track_id,
        DONE,
        provider=used,
        attempts=retry.calls,
        vector=np.asarray(features.vector, dtype="<f4").tobytes(),
        windows=int(features.windows.shape[0]),
        duration_s=float(features.duration_s),
    )


def _preview(job, providers, names, retry, max_bytes) -> tuple[bytes, str]:
    """The preview's bytes and the provider they came from."""
    if job.local_path:
        if "local" not in names:
            raise NoPreview("a local file, and local files are not selected")
        return _read_file(Path(job.local_path), max_bytes), "local"
    if job.provider in names and job.provider_id:
        own = Patient(providers[job.provider], retry)
        return own.fetch_preview(own.resolve(job.provider_id)), job.provider
    if not job.title:
        raise NoPreview("the track has no title to look up")
    ref = TrackRef(
        provider="dataset",
        id=str(job.track_id),
        title=job.title,
        artist=job.artist,
        isrc=job.isrc or None,
        duration_s=job.duration_s,
    )
    chain = {n: Patient(providers[n], retry) for n in CHAIN_PROVIDERS if n in names}
    searched = [n for n in names if n not in chain]
    for name in searched:  # local library, Spotify: plain search + the same score
        found = _search(Patient(providers[name], retry), ref)
        if found is not None:
            return Patient(providers[name], retry).fetch_preview(found), name
    if not chain:
        raise NoPreview(f"no match for {job.artist} - {job.title} in {names}")
    match = find_preview(ref, deezer=chain.get("deezer"), itunes=chain.get("itunes"))
    source = match.ref.provider
    return Patient(providers[source], retry).fetch_preview(match.ref), source


def _search(provider: Patient, ref: TrackRef) -> TrackRef | None:
    """The best search hit scoring at least ``MATCH_THRESHOLD``, or None."""
    hits = provider.search(f"{ref.artist} {ref.title}".strip(), limit=10)
    hit, score = best_hit(ref, hits)
    return hit if hit is not None and score >= MATCH_THRESHOLD else None


def _read_file(path: Path, max_bytes: int) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DownloadTooLarge(
            f"{path.name} is larger than {max_bytes} bytes", max_bytes=max_bytes
        )
    return data
