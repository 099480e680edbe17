"""``cluster_tracks``: k-means over the active model's embeddings, and a 2-D map.

The rows are those of the similar-tracks index (every dataset track and earlier
result, one per track). Imports scikit-learn (through ``classifier.ml.clusters``)
only when a run is made: web workers read the stored map.
"""

import logging

import numpy as np
from django.db import transaction

from classifier.ml.clusters import describe_clusters, kmeans_by_silhouette, pca_2d
from classifier.models import ClusterRun
from classifier.selectors_similar import tags_of, track_details
from classifier.services.models import active_predictor_get
from classifier.services.similar import embedded, index_rows, stack_rows

logger = logging.getLogger(__name__)

#: Points a map keeps (a page cannot draw more); the clustering uses every row.
MAX_MAP_POINTS = 5000
COORD_DECIMALS = 4


def cluster_run_create(
    *, k: int | None = None, k_min: int = 2, k_max: int = 12, seed: int = 0
) -> ClusterRun:
    """Cluster every track the active model can place; store and return the run.

    Raises
    ------
    ServiceError
        ``no_model`` when no model is active.
    TrainingDataError
        Too few tracks for the k asked.
    """
    model_version, predictor = active_predictor_get()
    dataset, results = index_rows(model_version, predictor)
    X = stack_rows(dataset.X, results.X)
    refs = dataset.refs + results.refs
    E = embedded(predictor, X) if len(X) else np.empty((0, 0))
    clustering = kmeans_by_silhouette(E, k=k, k_min=k_min, k_max=k_max, seed=seed)
    coords, explained = pca_2d(E)
    details = track_details(refs)
    tags = _tags([r for r in refs if r.startswith("t:")])
    facets = {
        "labels": [details[r]["labels"] for r in refs],
        "tags": [tags.get(r, []) for r in refs],
        "predicted": [[g["genre"] for g in details[r]["genres"][:1]] for r in refs],
    }
    clusters = describe_clusters(clustering.labels, k=clustering.k, facets=facets)
    keep = _map_sample(len(refs), seed=seed)
    points = [
        {
            "x": round(float(coords[i, 0]), COORD_DECIMALS),
            "y": round(float(coords[i, 1]), COORD_DECIMALS),
            "cluster": int(clustering.labels[i]),
            "track": details[refs[i]]["track"],
            "labels": details[refs[i]]["labels"],
            "audio_url": details[refs[i]]["audio_url"],
        }
        for i in keep
    ]
    with transaction.atomic():
        run = ClusterRun.objects.create(
            model_version=model_version,
            k=clustering.k,
            seed=seed,
            silhouette={str(n): round(s, 6) for n, s in clustering.silhouette.items()},
            clusters=clusters,
            points=points,
            explained_variance=[round(float(v), 6) for v in explained],
        )
    logger.info("clustered %d tracks into %d groups", len(refs), clustering.k)
    return run


def _tags(refs: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for track_id, tag in tags_of([int(r[2:]) for r in refs]):
        found.setdefault(f"t:{track_id}", []).append(tag)
    return found


def _map_sample(n: int, *, seed: int) -> np.ndarray:
    """Every row's index, or a seeded sample of :data:`MAX_MAP_POINTS` of them."""
    if n <= MAX_MAP_POINTS:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=MAX_MAP_POINTS, replace=False))
