"""Similar tracks: the nearest neighbours of a result's clip in the active model's
embedding (the penultimate layer's activations; ``bench/similar_space.py`` measured
it against the standardised features), by cosine distance.

The index of a model version holds every dataset track and earlier result with a
vector of the model's extractor version, embedded once; it is built when the model
is activated (``model_activate``), by ``manage.py build_similar_index``, or on the
first query when missing, and stored in the database (``SimilarIndex``). Each process
loads it once and merges in the results stored since it was built, as it is asked.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from audiofiler.exceptions import ServiceError
from classifier.ml.neighbours import (
    MAX_EXACT_ROWS,
    IndexTooLargeError,
    NeighbourIndex,
)
from classifier.ml.predictor import GenrePredictor
from classifier.models import Classification, ModelVersion, SimilarIndex
from classifier.selectors_similar import (
    VectorRows,
    classification_row_key,
    classification_vector_rows,
    dataset_vector_rows,
    track_details,
)
from classifier.services.models import active_predictor_get, predictor_get

logger = logging.getLogger(__name__)

METRIC = "cosine"
#: Seconds between two looks for dataset vectors stored since the index was built
#: (an import or ``build_features`` after activation). Results are looked for on
#: every query: their column is indexed by time, the dataset's is not.
DATASET_CHECK_S = 60.0
#: Rows are looked for from this long before the last look: a row's time is set
#: before its transaction commits, so a slow commit is still found (merging a row
#: twice changes nothing).
LOOK_BACK = timedelta(seconds=30)
#: Rows embedded per matrix product while building.
EMBED_CHUNK = 10_000
MAX_LIMIT = 50


@dataclass
class _Loaded:
    index_pk: int
    built_at: datetime
    index: NeighbourIndex
    dataset_keys: set[str]
    results_since: datetime
    dataset_since: datetime
    dataset_checked: float | None = None  # time.monotonic() of the last look


_loaded: dict[int, _Loaded] = {}
_lock = threading.Lock()


def embedded(predictor: GenrePredictor, X: np.ndarray) -> np.ndarray:
    """``predictor.embed`` in chunks (a 100k-row matrix at once would be large)."""
    chunks = range(0, len(X), EMBED_CHUNK)
    return np.vstack([predictor.embed(X[i : i + EMBED_CHUNK]) for i in chunks])


def embedding_width(predictor: GenrePredictor) -> int:
    """How many values ``predictor.embed`` gives per clip."""
    return predictor.embed(np.zeros((1, len(predictor.feature_names)))).shape[1]


def index_rows(
    model_version: ModelVersion, predictor: GenrePredictor
) -> tuple[VectorRows, VectorRows]:
    """The dataset's rows and the results' rows (tracks the dataset lacks)."""
    dataset = dataset_vector_rows(extractor_version=model_version.extractor_version)
    results = classification_vector_rows(
        extractor_version=model_version.extractor_version, skip=set(dataset.keys)
    )
    return dataset, results


def similar_index_build(
    *,
    model_version: ModelVersion,
    progress: Callable[[int, int], None] | None = None,
) -> SimilarIndex:
    """Embed every track ``model_version`` can place and store its index.

    ``progress(done, total)`` is called as rows are embedded.

    Raises
    ------
    IndexTooLargeError
        Past :data:`MAX_EXACT_ROWS` tracks (503 ``similar_index_too_large``).
    """
    predictor = predictor_get(model_version)
    built_at = timezone.now()
    dataset, results = index_rows(model_version, predictor)
    X = stack_rows(dataset.X, results.X)
    total = len(X)
    if total > MAX_EXACT_ROWS:
        raise IndexTooLargeError(
            f"{total:,} tracks: exact search serves at most {MAX_EXACT_ROWS:,}"
        )
    parts = []
    for start in range(0, total, EMBED_CHUNK):
        parts.append(predictor.embed(X[start : start + EMBED_CHUNK]))
        if progress:
            progress(min(start + EMBED_CHUNK, total), total)
    E = np.vstack(parts) if parts else np.empty((0, embedding_width(predictor)))
    index = NeighbourIndex(
        E, dataset.keys + results.keys, dataset.refs + results.refs, metric=METRIC
    )
    row, _ = SimilarIndex.objects.update_or_create(
        model_version=model_version,
        defaults={
            "data": index.to_bytes(),
            "rows": len(index),
            "dimensions": index.dimensions,
            "metric": METRIC,
            "built_at": built_at,
        },
    )
    logger.info("similar index of %s: %d tracks", model_version.version, total)
    return row


def similar_index_rebuild_quietly(version: str) -> None:
    """Build the index after a model is activated; a failure is logged, never
    raised (the model serves anyway, and the first query tries again)."""
    try:
        similar_index_build(model_version=ModelVersion.objects.get(version=version))
    except Exception:
        logger.warning(
            "could not build the similar index of %s", version, exc_info=True
        )


def similar_index_on_activate(version: str) -> None:
    """Rebuild the index once the activation has been committed."""
    transaction.on_commit(lambda: similar_index_rebuild_quietly(version))


def stack_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.size == 0:
        return b
    if b.size == 0:
        return a
    return np.vstack([a, b])


def similar_index_get(
    model_version: ModelVersion, predictor: GenrePredictor
) -> NeighbourIndex:
    """This process's index of ``model_version``, with the rows stored since."""
    with _lock:
        meta = (
            SimilarIndex.objects.filter(model_version=model_version)
            .values("pk", "built_at")
            .first()
        )
        if meta is None:
            row = similar_index_build(model_version=model_version)
            meta = {"pk": row.pk, "built_at": row.built_at}
        loaded = _loaded.get(model_version.pk)
        if loaded is None or (loaded.index_pk, loaded.built_at) != (
            meta["pk"],
            meta["built_at"],
        ):
            loaded = _load(meta["pk"])
            _loaded.clear()  # another model's index is not needed any more
            _loaded[model_version.pk] = loaded
        _merge_new_rows(loaded, model_version, predictor)
        return loaded.index


def _load(pk: int) -> _Loaded:
    row = SimilarIndex.objects.get(pk=pk)
    index = NeighbourIndex.from_bytes(bytes(row.data))
    dataset_keys = {
        k for k, r in zip(index.keys, index.refs, strict=True) if r.startswith("t:")
    }
    since = row.built_at - LOOK_BACK
    return _Loaded(row.pk, row.built_at, index, dataset_keys, since, since)


def _merge_new_rows(
    loaded: _Loaded, model_version: ModelVersion, predictor: GenrePredictor
) -> None:
    """Add what was stored since: dataset vectors (looked for every
    :data:`DATASET_CHECK_S` seconds) and results (every time). A dataset row takes
    the place of a result of the same track."""
    now, clock = timezone.now() - LOOK_BACK, time.monotonic()
    version = model_version.extractor_version
    due = loaded.dataset_checked is None or clock - loaded.dataset_checked >= (
        DATASET_CHECK_S
    )
    if due:
        since = loaded.dataset_since
        fresh = dataset_vector_rows(extractor_version=version, since=since)
        _merge(loaded, predictor, fresh)
        loaded.dataset_keys.update(fresh.keys)
        loaded.dataset_since, loaded.dataset_checked = now, clock
    fresh = classification_vector_rows(
        extractor_version=version, since=loaded.results_since, skip=loaded.dataset_keys
    )
    _merge(loaded, predictor, fresh)
    loaded.results_since = now


def _merge(loaded: _Loaded, predictor: GenrePredictor, fresh: VectorRows) -> None:
    if fresh.keys:
        loaded.index = loaded.index.merged(
            embedded(predictor, fresh.X), fresh.keys, fresh.refs
        )


def similar_cache_clear() -> None:
    with _lock:
        _loaded.clear()


def similar_tracks(*, classification: Classification, limit: int) -> dict:
    """The ``limit`` tracks nearest to ``classification``'s clip, nearest first."""
    model_version, predictor = active_predictor_get()
    vector = classification.vector_values
    if vector is None:
        raise ServiceError(
            "This result was stored before clips' features were kept, so there is "
            "nothing to compare. Classify the song again to see similar tracks.",
            code="no_vector",
            status_code=409,
        )
    if classification.model_version.extractor_version != predictor.extractor_version:
        raise ServiceError(
            "This result's features come from another extractor version than the "
            "active model reads. Classify the song again to see similar tracks.",
            code="no_vector",
            status_code=409,
        )
    index = similar_index_get(model_version, predictor)
    own = classification_row_key(classification.provider, classification.track_id)
    hits = index.search(predictor.embed(vector)[0], k=limit, exclude=[own])
    details = track_details([hit.ref for hit in hits])
    return {
        "model": model_version.version,
        "metric": index.metric,
        "tracks": [
            {
                **details[hit.ref],
                "distance": round(hit.distance, 6),
                "similarity": round(1.0 - hit.distance, 6),
            }
            for hit in hits
            if hit.ref in details  # a row deleted since the index was built
        ],
    }
