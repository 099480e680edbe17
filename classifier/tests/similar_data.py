"""Rows for the similar-tracks and cluster tests: dataset tracks with vectors and
labels (some of pyAudioAnalysis's bundled songs), and stored results."""

import numpy as np

from classifier.audio.names import EXTRACTOR_VERSION
from classifier.models import Classification, ModelVersion
from dataset.models import FeatureVector, Genre, Label, Track, TrackTag
from dataset.sources.paa_genres import load_paa_genres

#: Bundled songs per genre put in the dataset.
PER_GENRE = 4


def bundled_rows(per_genre: int = PER_GENRE) -> list[tuple[str, np.ndarray]]:
    """``per_genre`` (genre, vector) pairs of each bundled genre, in file order."""
    bundled = load_paa_genres()
    rows = []
    for g, genre in enumerate(bundled.genres):
        picked = np.flatnonzero(bundled.labels == g)[:per_genre]
        rows += [(genre, bundled.X[i]) for i in picked]
    return rows


def dataset_track(
    genre: str, vector: np.ndarray, *, title: str, tags=(), **fields
) -> Track:
    track = Track.objects.create(source="bundled", title=title, **fields)
    Label.objects.create(
        track=track, genre=Genre.objects.get_or_create(name=genre)[0], origin="bundled"
    )
    FeatureVector.objects.create(
        track=track,
        extractor_version=EXTRACTOR_VERSION,
        data=FeatureVector.pack(vector),
    )
    for tag in tags:
        TrackTag.objects.create(track=track, tag=tag, weight=100)
    return track


def stored_result(
    model_version: ModelVersion,
    vector: np.ndarray | None,
    *,
    track_id: str,
    title: str,
    provider: str = "local",
    genres=(("Rock", 0.7), ("Blues", 0.2), ("Jazz", 0.05), ("Rap", 0.05)),
) -> Classification:
    return Classification.objects.create(
        source="provider",
        provider=provider,
        track_id=track_id,
        track={"provider": provider, "id": track_id, "title": title, "artist": "Demo"},
        model_version=model_version,
        genres=[{"genre": g, "probability": p} for g, p in genres],
        vector=None if vector is None else Classification.pack_vector(vector),
    )


def dataset_with_results(model_version: ModelVersion) -> tuple[list[Track], list]:
    """Every bundled row as a dataset track (tagged by genre), and two results."""
    rows = bundled_rows()
    tracks = [
        dataset_track(genre, v, title=f"{genre} {i}", tags=[genre.lower()])
        for i, (genre, v) in enumerate(rows)
    ]
    results = [
        stored_result(model_version, rows[1][1] * 1.01, track_id="a.mp3", title="A"),
        stored_result(model_version, rows[-2][1] * 0.99, track_id="b.mp3", title="B"),
    ]
    return tracks, results
