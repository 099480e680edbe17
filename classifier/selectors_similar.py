"""Reads for similar tracks and clusters: every vector a model can place, and the
details of the tracks it found.

One row per track: a dataset track is keyed by its provider id where it has one
(``deezer:3135556``), else by its own id (``track:17``); a result by its provider
and track id (``local:Band/song.mp3``, an upload by its bytes' sha256). A result of a
track the dataset holds does not add a second row: the dataset's, with its labels,
stands for it.
"""

from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.urls import reverse

from classifier.models import VECTOR_DTYPE, Classification
from classifier.providers.local import NAME as LOCAL
from dataset.models import FeatureVector, Track, TrackTag

#: How many rows a read fetches at once.
CHUNK = 2000
#: Ids per ``IN (...)`` query.
IN_CHUNK = 900
#: Genres of a result shown beside it.
TOP_GENRES = 3


@dataclass(frozen=True)
class VectorRows:
    """Feature vectors [shape=(n, 138)] with each row's key and reference."""

    X: np.ndarray
    keys: list[str]
    refs: list[str]


def track_row_key(track_id: int, provider: str, provider_id: str) -> str:
    return f"{provider}:{provider_id}" if provider_id else f"track:{track_id}"


def classification_row_key(provider: str, track_id: str) -> str:
    return f"{provider}:{track_id}"


def dataset_vector_rows(
    *, extractor_version: str, since: datetime | None = None
) -> VectorRows:
    """Every dataset track's vector of ``extractor_version`` (stored at ``since`` or
    later), in track order."""
    rows = FeatureVector.objects.filter(extractor_version=extractor_version)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    rows = rows.order_by("track_id").values_list(
        "track_id", "data", "track__provider", "track__provider_id"
    )
    X, keys, refs = [], [], []
    for track_id, data, provider, provider_id in rows.iterator(chunk_size=CHUNK):
        X.append(np.frombuffer(bytes(data), dtype=VECTOR_DTYPE))
        keys.append(track_row_key(track_id, provider, provider_id))
        refs.append(f"t:{track_id}")
    return VectorRows(_matrix(X), keys, refs)


def classification_vector_rows(
    *,
    extractor_version: str,
    since: datetime | None = None,
    skip: Set[str] = frozenset(),
) -> VectorRows:
    """Results with a vector of ``extractor_version`` (made at ``since`` or later),
    the newest of each track, leaving out the keys in ``skip``."""
    rows = Classification.objects.filter(
        vector__isnull=False, model_version__extractor_version=extractor_version
    )
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    newest: dict[str, tuple[str, np.ndarray]] = {}
    for pk, vector, provider, track_id in (
        rows.order_by("created_at")
        .values_list("pk", "vector", "provider", "track_id")
        .iterator(chunk_size=CHUNK)
    ):
        key = classification_row_key(provider, track_id)
        if key not in skip:
            newest[key] = (f"c:{pk}", np.frombuffer(bytes(vector), dtype=VECTOR_DTYPE))
    keys = list(newest)
    return VectorRows(
        _matrix([newest[k][1] for k in keys]), keys, [newest[k][0] for k in keys]
    )


def _matrix(rows: list[np.ndarray]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64) if rows else np.empty((0, 0))


def audio_url(provider: str, track_id: str) -> str | None:
    """Where a player gets a track's audio: our own URL for local files. Remote
    previews are not stored (their signed links expire), so they have none."""
    if provider == LOCAL and track_id:
        return reverse(
            "track-audio", kwargs={"provider": provider, "track_id": track_id}
        )
    return None


def track_details(refs: Sequence[str]) -> dict[str, dict]:
    """What the page shows of each referenced row: track, labels, genres, audio."""
    track_ids = [int(r[2:]) for r in refs if r.startswith("t:")]
    result_ids = [r[2:] for r in refs if r.startswith("c:")]
    found = {}
    for ids in _chunks(track_ids):
        tracks = Track.objects.filter(pk__in=ids).prefetch_related("labels__genre")
        found.update((f"t:{track.pk}", _dataset_details(track)) for track in tracks)
    for ids in _chunks(result_ids):
        results = Classification.objects.filter(pk__in=ids)
        found.update((f"c:{r.pk}", classification_details(r)) for r in results)
    return found


def _chunks(ids: list) -> Iterator[list]:
    """``ids`` in slices a database takes in one ``IN (...)`` (SQLite: 999)."""
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start : start + IN_CHUNK]


def _dataset_details(track: Track) -> dict:
    provider = track.provider or "dataset"
    track_id = track.provider_id or str(track.pk)
    return {
        "source": "dataset",
        "track": {
            "provider": provider,
            "id": track_id,
            "title": track.title,
            "artist": track.artist,
        },
        "labels": sorted({label.genre.name for label in track.labels.all()}),
        "genres": [],
        "audio_url": audio_url(track.provider, track.provider_id),
    }


def classification_details(result: Classification) -> dict:
    track = result.track or {}
    return {
        "source": "classification",
        "track": {
            "provider": result.provider,
            "id": result.track_id,
            "title": track.get("title", ""),
            "artist": track.get("artist", ""),
        },
        "labels": [],
        "genres": list(result.genres[:TOP_GENRES]),
        "audio_url": audio_url(result.provider, result.track_id),
    }


def tags_of(track_ids: Sequence[int]) -> Iterator[tuple[int, str]]:
    """(track id, tag) of the tracks' tags of weight above zero."""
    for ids in _chunks(list(track_ids)):
        yield from TrackTag.objects.filter(track_id__in=ids, weight__gt=0).values_list(
            "track_id", "tag"
        )
