"""Writes of the dataset app: labelled tracks and their feature vectors."""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from dataset.models import FeatureVector, Genre, Label, Track

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000


@dataclass(frozen=True)
class LabelledVector:
    """One track to store with its genre label and feature vector."""

    external_id: str
    genre: str
    vector: np.ndarray  # shape (138,)
    artist: str = ""
    title: str = ""


def genres_ensure(names: Iterable[str]) -> dict[str, Genre]:
    """The Genre rows for ``names``, created when missing."""
    names = sorted(set(names))
    existing = {g.name: g for g in Genre.objects.filter(name__in=names)}
    missing = [Genre(name=name) for name in names if name not in existing]
    Genre.objects.bulk_create(missing, ignore_conflicts=True)
    return {g.name: g for g in Genre.objects.filter(name__in=names)}


@transaction.atomic
def labelled_vectors_import(
    items: Sequence[LabelledVector],
    *,
    source: str,
    origin: str,
    extractor_version: str,
) -> int:
    """Store tracks, labels and vectors; idempotent by ``(source, external_id)``.

    Returns the number of tracks that were new.
    """
    genres = genres_ensure(item.genre for item in items)
    ids = [item.external_id for item in items]
    before = Track.objects.filter(source=source, external_id__in=ids).count()
    for start in range(0, len(items), BATCH_SIZE):
        batch = items[start : start + BATCH_SIZE]
        Track.objects.bulk_create(
            [
                Track(
                    source=source,
                    external_id=item.external_id,
                    artist=item.artist,
                    title=item.title,
                )
                for item in batch
            ],
            ignore_conflicts=True,
        )
    tracks = dict(
        Track.objects.filter(source=source, external_id__in=ids).values_list(
            "external_id", "pk"
        )
    )
    Label.objects.bulk_create(
        [
            Label(track_id=tracks[i.external_id], genre=genres[i.genre], origin=origin)
            for i in items
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    FeatureVector.objects.bulk_create(
        [
            FeatureVector(
                track_id=tracks[i.external_id],
                extractor_version=extractor_version,
                data=FeatureVector.pack(i.vector),
                preview_provider=source,
            )
            for i in items
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    created = len(tracks) - before
    logger.info("imported %d %s tracks (%d new)", len(items), source, created)
    return created


def paa_genres_import(*, path: str | None = None, extractor_version: str) -> int:
    """Store pyAudioAnalysis's 581 bundled songs (Label origin "bundled").

    The vectors are pyAudioAnalysis's own mid-term vectors; our extractor computes the
    same numbers, so they are stored under ``extractor_version``. Returns the number
    of new tracks (0 on a re-run).
    """
    from dataset.sources.paa_genres import load_paa_genres

    bundled = load_paa_genres(path)
    stem = bundled.path.name
    per_genre: dict[str, int] = {}
    items = []
    for row, (vector, label) in enumerate(zip(bundled.X, bundled.labels, strict=True)):
        genre = bundled.genres[label]
        per_genre[genre] = per_genre.get(genre, 0) + 1
        items.append(
            LabelledVector(
                external_id=f"{stem}:{row}",
                genre=genre,
                vector=vector,
                title=f"{genre} song {per_genre[genre]} (pyAudioAnalysis {stem})",
            )
        )
    return labelled_vectors_import(
        items,
        source=Track.Source.BUNDLED,
        origin=Label.Origin.BUNDLED,
        extractor_version=extractor_version,
    )
