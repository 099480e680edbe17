"""Reads of the dataset app."""

from collections import Counter
from dataclasses import dataclass

import numpy as np

from dataset.models import FeatureVector, Label


@dataclass(frozen=True)
class TrainingMatrix:
    X: np.ndarray  # shape (n_tracks, n_features), float64
    y: np.ndarray  # shape (n_tracks,), indices into genres
    genres: tuple[str, ...]
    groups: np.ndarray | None  # artist per track, or None when no artist is known
    counts: dict[str, int]
    dropped: dict[str, int]  # genre -> tracks left out (too few tracks)


def training_matrix(
    *,
    extractor_version: str,
    genres: list[str] | None = None,
    min_tracks: int = 1,
) -> TrainingMatrix:
    """Every labelled track with a vector of ``extractor_version``.

    A track with labels of several genres is left out (its label conflicts); genres
    with fewer than ``min_tracks`` tracks are dropped.
    """
    labels = Label.objects.filter(
        track__features__extractor_version=extractor_version
    ).values_list("track_id", "genre__name")
    if genres:
        labels = labels.filter(genre__name__in=genres)
    by_track: dict[int, set[str]] = {}
    for track_id, genre in labels.iterator(chunk_size=5000):
        by_track.setdefault(track_id, set()).add(genre)
    single = {t: next(iter(g)) for t, g in by_track.items() if len(g) == 1}
    counts = Counter(single.values())
    kept = sorted(g for g, n in counts.items() if n >= min_tracks)
    dropped = {g: n for g, n in counts.items() if n < min_tracks}
    index = {g: i for i, g in enumerate(kept)}
    rows = (
        FeatureVector.objects.filter(extractor_version=extractor_version)
        .order_by("track_id")
        .values_list("track_id", "data", "track__artist")
    )
    X, y, artists = [], [], []
    for track_id, data, artist in rows.iterator(chunk_size=2000):
        genre = single.get(track_id)
        if genre not in index:
            continue
        X.append(np.frombuffer(bytes(data), dtype="<f4"))
        y.append(index[genre])
        artists.append(artist)
    known = any(artists)
    return TrainingMatrix(
        X=np.asarray(X, dtype=np.float64) if X else np.empty((0, 0)),
        y=np.asarray(y, dtype=np.int64),
        genres=tuple(kept),
        groups=np.asarray(artists, dtype=object) if known else None,
        counts={g: counts[g] for g in kept},
        dropped=dropped,
    )
