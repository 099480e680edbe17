"""Bytes in, genre probabilities out: decode, extract, predict (with timings).

Pure (no Django): the services, the ``classify`` command and the benchmarks call it.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from classifier.audio import EXTRACTOR_VERSION, decode_audio, extract_features
from classifier.audio.pictures import clip_pictures
from classifier.ml.predictor import GenrePredictor

#: Each timeline entry covers this many 1 s windows (the last may be shorter).
TIMELINE_SEGMENT_WINDOWS = 5


@dataclass(frozen=True)
class ClipResult:
    """What one classification found."""

    genres: list[dict]  # [{"genre", "probability"}], most likely first
    timeline: list[dict]  # [{"start_s", "end_s", "genres": {genre: probability}}]
    duration_s: float
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The clip's 138 feature values (what feedback on this result learns from).
    vector: np.ndarray | None = None
    # ``ClipPictures.to_dict()`` of the decoded clip, when asked for, and its cost.
    pictures: dict | None = None
    pictures_ms: float | None = None

    @property
    def top(self) -> str:
        return self.genres[0]["genre"]


def classify_bytes(
    data: bytes,
    predictor: GenrePredictor,
    *,
    max_seconds: float,
    fetch_ms: float = 0.0,
    on_stage: Callable[[str], None] | None = None,
    pictures: bool = False,
) -> ClipResult:
    """Decode ``data``, extract the 138 features and run the predictor.

    ``on_stage`` is called with "decoding", "extracting" and "predicting" as each
    stage starts. With ``pictures``, the result also holds the clip's feature
    pictures (:func:`~classifier.audio.pictures.clip_pictures`), drawn from the same
    samples and short-term features.
    """
    started = time.perf_counter()
    if on_stage:
        on_stage("decoding")
    signal, sample_rate = decode_audio(data, max_seconds=max_seconds)
    decoded = time.perf_counter()
    if on_stage:
        on_stage("extracting")
    features = extract_features(signal, sample_rate)
    extracted = time.perf_counter()
    if on_stage:
        on_stage("predicting")
    # ``predict`` refuses features of another extractor version than the model's.
    by_genre = predictor.predict(features.vector, extractor_version=EXTRACTOR_VERSION)
    probabilities = np.array([by_genre[genre] for genre in predictor.genres])
    timeline = _timeline(features, predictor)
    predicted = time.perf_counter()
    drawn = None
    if pictures:
        drawn = clip_pictures(signal, sample_rate, features.short_term).to_dict()
    pictured = time.perf_counter()
    return ClipResult(
        genres=ranked(predictor.genres, probabilities),
        timeline=timeline,
        duration_s=features.duration_s,
        timings_ms={
            "fetch": round(fetch_ms, 1),
            "decode": _ms(started, decoded),
            "features": _ms(decoded, extracted),
            "predict": _ms(extracted, predicted),
        },
        vector=features.vector,
        pictures=drawn,
        pictures_ms=_ms(predicted, pictured) if pictures else None,
    )


def ranked(
    genres: tuple[str, ...] | list[str], probabilities: np.ndarray
) -> list[dict]:
    """``[{"genre", "probability"}]`` sorted from the most likely genre down."""
    order = np.argsort(-probabilities, kind="stable")
    return [
        {"genre": genres[i], "probability": round(float(probabilities[i]), 6)}
        for i in order
    ]


def _timeline(features, predictor: GenrePredictor) -> list[dict]:
    """Genre probabilities per segment of ``TIMELINE_SEGMENT_WINDOWS`` windows.

    A segment's vector is the mean of its windows' 136 values, plus the clip's beat
    and beat confidence (a few seconds are too short for a beat estimate of their own).
    """
    windows = features.windows
    n_windows = windows.shape[0]
    if n_windows == 0:
        return []
    starts = range(0, n_windows, TIMELINE_SEGMENT_WINDOWS)
    beat = features.vector[windows.shape[1] :]
    rows = np.stack(
        [
            np.concatenate(
                [windows[s : s + TIMELINE_SEGMENT_WINDOWS].mean(axis=0), beat]
            )
            for s in starts
        ]
    )
    probabilities = predictor.predict_proba(rows)
    starts_s = features.window_starts_s
    return [
        {
            "start_s": round(float(starts_s[s]), 3),
            "end_s": round(
                float(
                    starts_s[s + TIMELINE_SEGMENT_WINDOWS]
                    if s + TIMELINE_SEGMENT_WINDOWS < n_windows
                    else features.duration_s
                ),
                3,
            ),
            "genres": {
                genre: round(float(p), 6)
                for genre, p in zip(predictor.genres, row, strict=True)
            },
        }
        for s, row in zip(starts, probabilities, strict=True)
    ]


def _ms(start: float, end: float) -> float:
    return round((end - start) * 1000.0, 1)
