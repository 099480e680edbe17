"""Reads of the dataset app."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import Count

from dataset.models import Extraction, FeatureVector, Label, Track, TrackTag

if TYPE_CHECKING:
    from dataset.services.extract import Job

#: Where labels come from; ``training_matrix(labels=...)`` picks among them.
LABEL_ORIGINS: tuple[str, ...] = tuple(Label.Origin.values)


@dataclass(frozen=True)
class TrainingMatrix:
    """Labelled vectors of one extractor version, and what went into them.

    ``sources[genre]`` counts the genre's tracks by label origin (``"folder"``,
    ``"tags"``, ``"feedback+tags"`` for a track both gave the same genre) and by
    track source (``"source:msd"``, ``"source:folder"`` ...).
    """

    X: np.ndarray  # shape (n_tracks, n_features), float64
    y: np.ndarray  # shape (n_tracks,), indices into genres
    genres: tuple[str, ...]
    groups: np.ndarray | None  # artist per track, or None when no artist is known
    counts: dict[str, int]
    dropped: dict[str, int]  # genre -> tracks left out (too few tracks)
    sources: dict[str, dict[str, int]] = field(default_factory=dict)
    labels: tuple[str, ...] = LABEL_ORIGINS
    conflicts: int = 0  # tracks left out: their labels name several genres

    def summary(self) -> dict[str, Any]:
        """What the artifact records about its training data."""
        return {
            "labels": list(self.labels),
            "tracks": int(self.y.size),
            "per_genre": {g: {"tracks": self.counts[g], **self.sources.get(g, {})}
                          for g in self.genres},
            "dropped_too_few": self.dropped,
            "dropped_conflicting_labels": self.conflicts,
            "artists_known": bool(self.groups is not None),
        }  # fmt: skip


def training_matrix(
    *,
    extractor_version: str,
    genres: list[str] | None = None,
    min_tracks: int = 1,
    labels: Sequence[str] | None = None,
) -> TrainingMatrix:
    """Every labelled track with a vector of ``extractor_version``.

    Parameters
    ----------
    labels : sequence of str, optional
        Label origins to learn from (``LABEL_ORIGINS``); default all.

    A track whose chosen labels name several genres is left out (its labels
    conflict); genres with fewer than ``min_tracks`` tracks are dropped. Artists
    (compared without case) group the tracks where known.
    """
    origins = tuple(labels) if labels else LABEL_ORIGINS
    unknown = set(origins) - set(LABEL_ORIGINS)
    if unknown:
        raise ValueError(
            f"unknown label origin {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(LABEL_ORIGINS)}"
        )
    rows = Label.objects.filter(
        track__features__extractor_version=extractor_version, origin__in=origins
    ).values_list("track_id", "genre__name", "origin")
    if genres:
        rows = rows.filter(genre__name__in=genres)
    by_track: dict[int, dict[str, set[str]]] = {}
    for track_id, genre, origin in rows.iterator(chunk_size=5000):
        by_track.setdefault(track_id, {}).setdefault(genre, set()).add(origin)
    single = {t: next(iter(g.items())) for t, g in by_track.items() if len(g) == 1}
    counts = Counter(genre for genre, _ in single.values())
    kept = sorted(g for g, n in counts.items() if n >= min_tracks)
    dropped = {g: n for g, n in counts.items() if n < min_tracks}
    index = {g: i for i, g in enumerate(kept)}
    vectors = (
        FeatureVector.objects.filter(extractor_version=extractor_version)
        .order_by("track_id")
        .values_list("track_id", "data", "track__artist", "track__source")
    )
    X, y, artists = [], [], []
    sources: dict[str, Counter] = {g: Counter() for g in kept}
    for track_id, data, artist, source in vectors.iterator(chunk_size=2000):
        genre, track_origins = single.get(track_id, (None, None))
        if genre not in index:
            continue
        X.append(np.frombuffer(bytes(data), dtype="<f4"))
        y.append(index[genre])
        artists.append(artist.strip().lower())
        sources[genre].update(["+".join(sorted(track_origins)), f"source:{source}"])
    known = any(artists)
    return TrainingMatrix(
        X=np.asarray(X, dtype=np.float64) if X else np.empty((0, 0)),
        y=np.asarray(y, dtype=np.int64),
        genres=tuple(kept),
        groups=np.asarray(artists, dtype=object) if known else None,
        counts={g: counts[g] for g in kept},
        dropped=dropped,
        sources={g: dict(sorted(c.items())) for g, c in sources.items()},
        labels=origins,
        conflicts=len(by_track) - len(single),
    )


def tracks_to_extract(
    *,
    extractor_version: str,
    retry_failed: bool = False,
    retry_no_preview: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of labelled tracks without a ``extractor_version`` vector, in id order.

    A track ``build_features`` tried before is left out unless its status is asked
    to be retried.
    """
    finished = [Extraction.Status.DONE]
    if not retry_failed:
        finished.append(Extraction.Status.FAILED)
    if not retry_no_preview:
        finished.append(Extraction.Status.NO_PREVIEW)
    tracks = (
        Track.objects.filter(pk__in=Label.objects.values("track_id"))
        .exclude(
            pk__in=FeatureVector.objects.filter(
                extractor_version=extractor_version
            ).values("track_id")
        )
        .exclude(
            pk__in=Extraction.objects.filter(
                extractor_version=extractor_version, status__in=finished
            ).values("track_id")
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(tracks[:limit] if limit is not None else tracks)


def extraction_jobs(track_ids: list[int]) -> list["Job"]:
    """What ``job_run`` needs of each track, in ``track_ids`` order."""
    from dataset.services.extract import Job  # the audio stack, only when asked

    fields = ["pk", "artist", "title", "isrc", "duration_s", "local_path"]
    rows = {
        row[0]: row
        for row in Track.objects.filter(pk__in=track_ids).values_list(
            *fields, "provider", "provider_id"
        )
    }
    return [
        Job(
            track_id=pk,
            artist=artist,
            title=title,
            isrc=isrc,
            duration_s=duration,
            local_path=path,
            provider=provider,
            provider_id=provider_id,
        )
        for pk, artist, title, isrc, duration, path, provider, provider_id in (
            rows[i] for i in track_ids if i in rows
        )
    ]


def extraction_summary(run_id: int, *, extractor_version: str) -> dict:
    """Statuses, the commonest failure reasons and windows per clip of one run."""
    rows = Extraction.objects.filter(run_id=run_id)
    statuses = dict(
        rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    reasons = (
        rows.exclude(status=Extraction.Status.DONE)
        .values_list("reason")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    )
    windows = (
        FeatureVector.objects.filter(
            track__extractions__run_id=run_id,
            extractor_version=extractor_version,
            windows__isnull=False,
        )
        .values_list("windows")
        .annotate(n=Count("pk"))
        .order_by("windows")
    )
    return {
        "status": statuses,
        "reasons": {reason[:200]: n for reason, n in reasons},
        "windows": {str(w): n for w, n in windows},
    }


def dataset_stats(*, extractor_version: str) -> dict[str, Any]:
    """Tracks, labels and vectors per genre and per source; build statuses."""
    genres: dict[str, dict[str, int]] = {}
    for genre, origin, n in (
        Label.objects.values_list("genre__name", "origin")
        .annotate(n=Count("track_id", distinct=True))
        .order_by()
    ):
        genres.setdefault(genre, {})[origin] = n
    with_vectors = (
        Label.objects.filter(track__features__extractor_version=extractor_version)
        .values_list("genre__name")
        .annotate(n=Count("track_id", distinct=True))
        .order_by()
    )
    for genre, n in with_vectors:
        genres[genre]["vectors"] = n
    sources = {
        source: {"tracks": n}
        for source, n in Track.objects.values_list("source")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for source, n in (
        FeatureVector.objects.filter(extractor_version=extractor_version)
        .values_list("track__source")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        sources[source]["vectors"] = n
    statuses = dict(
        Extraction.objects.filter(extractor_version=extractor_version)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "extractor_version": extractor_version,
        "genres": dict(sorted(genres.items())),
        "sources": dict(sorted(sources.items())),
        "extraction": statuses,
        "tags": TrackTag.objects.count(),
    }


def run_tracks(run_id: int, *, extractor_version: str) -> list[dict[str, Any]]:
    """Each track a build run finished: name, status, reason, windows."""
    windows = dict(
        FeatureVector.objects.filter(
            track__extractions__run_id=run_id, extractor_version=extractor_version
        ).values_list("track_id", "windows")
    )
    rows = (
        Extraction.objects.filter(run_id=run_id)
        .order_by("track_id")
        .values_list(
            "track_id", "status", "reason", "track__local_path", "track__artist",
            "track__title",
        )
    )  # fmt: skip
    return [
        {
            "track": path or (f"{artist} - {title}" if artist else title),
            "status": status,
            "reason": reason,
            "windows": windows.get(track_id),
        }
        for track_id, status, reason, path, artist, title in rows
    ]
