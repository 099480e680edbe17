"""Groups nobody labelled: k-means over embeddings, k by silhouette, a 2-D map.

Training-side only: :func:`kmeans_by_silhouette` imports scikit-learn when called
(``manage.py cluster_tracks``); web workers only read the stored map.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from classifier.ml.errors import TrainingDataError

#: Points the silhouette is computed on (it costs O(n²) memory and time).
SILHOUETTE_SAMPLE = 5000
#: Labels and tags named per cluster.
TOP_PER_CLUSTER = 5


@dataclass(frozen=True)
class Clustering:
    """k-means's result: a cluster per row, the k chosen and each k's silhouette."""

    labels: np.ndarray  # shape (n,), int in [0, k)
    k: int
    silhouette: dict[int, float]


def kmeans_by_silhouette(
    X: np.ndarray,
    *,
    k: int | None = None,
    k_min: int = 2,
    k_max: int = 12,
    seed: int = 0,
    threads: int | None = 1,
) -> Clustering:
    """k-means (scikit-learn, 10 initialisations) of the rows of ``X``.

    Parameters
    ----------
    X : np.ndarray [shape=(n, d)]
    k : int, optional
        Use this k; else every k in ``[k_min, k_max]`` (capped at n - 1) is fitted
        and the one with the highest mean silhouette (Rousseeuw 1987) is kept.
    seed : int
        ``random_state`` of k-means and of the silhouette's sample.
    threads : int or None
        OpenMP/BLAS threads (None: the libraries' default, every core). One by
        default: the demo's 617 tracks, k = 2..12, took 0.9 s on one thread and
        19.6 s on two on this shared 2-core machine (the threads wait for each
        other while other processes hold the cores).

    Returns
    -------
    Clustering
        ``silhouette`` has every k fitted (just ``k`` when given).
    """
    import sklearn.cluster  # noqa: F401  (its OpenMP runtime, loaded before the limit)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads):
        return _kmeans_by_silhouette(X, k=k, k_min=k_min, k_max=k_max, seed=seed)


def _kmeans_by_silhouette(
    X: np.ndarray, *, k: int | None, k_min: int, k_max: int, seed: int
) -> Clustering:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    ks = [k] if k is not None else list(range(k_min, min(k_max, n - 1) + 1))
    if not ks or min(ks) < 2 or max(ks) >= n:
        raise TrainingDataError(
            f"cannot make {k if k is not None else f'{k_min}-{k_max}'} clusters of "
            f"{n} tracks: k must be at least 2 and below the number of tracks"
        )
    best: tuple[float, int, np.ndarray] | None = None
    scores: dict[int, float] = {}
    for candidate in ks:
        labels = KMeans(candidate, n_init=10, random_state=seed).fit_predict(X)
        scores[candidate] = float(
            silhouette_score(
                X, labels, sample_size=min(n, SILHOUETTE_SAMPLE), random_state=seed
            )
        )
        if best is None or scores[candidate] > best[0]:
            best = (scores[candidate], candidate, labels)
    _, chosen, labels = best
    return Clustering(labels=labels.astype(np.int64), k=chosen, silhouette=scores)


def pca_2d(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``X`` on their first two principal components.

    Centres ``X`` and takes its SVD ``U S Vᵀ``; the coordinates are ``U[:, :2] S[:2]``
    (= centred ``X @ V[:, :2]``). Each component's sign is fixed so that its largest
    loading is positive, so the map does not flip between runs.

    Returns
    -------
    coords : np.ndarray [shape=(n, 2)]
    explained : np.ndarray [shape=(2,)]
        Share of the total variance along each component.
    """
    X = np.asarray(X, dtype=np.float64)
    centred = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2]
    signs = np.sign(
        components[np.arange(len(components)), np.abs(components).argmax(1)]
    )
    components = components * signs[:, None]
    coords = centred @ components.T
    if coords.shape[1] < 2:  # one feature: a line
        coords = np.hstack([coords, np.zeros((len(X), 2 - coords.shape[1]))])
    total = float((s**2).sum())
    explained = (s[:2] ** 2) / total if total > 0 else np.zeros(min(2, len(s)))
    return coords, np.pad(explained, (0, 2 - len(explained)))


def top_counts(values: Iterable[str], *, top: int = TOP_PER_CLUSTER) -> list[dict]:
    """``[{"name", "count"}]`` of the most common values, ties by name."""
    counted = Counter(values)
    ranked = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return [{"name": name, "count": count} for name, count in ranked[:top]]


def describe_clusters(
    labels: np.ndarray,
    *,
    k: int,
    facets: dict[str, Sequence[Sequence[str]]],
    top: int = TOP_PER_CLUSTER,
) -> list[dict]:
    """Each cluster's size and its most common values of each facet.

    ``facets["labels"][i]`` are row ``i``'s labels (its tags, its predicted genre
    ...); a cluster lists ``[{"name", "count"}]`` per facet.
    """
    described = []
    for cluster in range(k):
        rows = np.flatnonzero(labels == cluster)
        entry: dict = {"id": cluster, "size": int(rows.size)}
        for facet, per_row in facets.items():
            entry[facet] = top_counts((v for i in rows for v in per_row[i]), top=top)
        described.append(entry)
    return described
