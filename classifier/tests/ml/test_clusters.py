"""k-means with k by silhouette, the PCA map and the cluster descriptions."""

import numpy as np
import pytest

from classifier.ml.clusters import (
    describe_clusters,
    kmeans_by_silhouette,
    pca_2d,
    top_counts,
)
from classifier.ml.errors import TrainingDataError


def _blobs(centres, per=40, spread=0.3, seed=0):
    rng = np.random.default_rng(seed)
    X = np.vstack([c + spread * rng.normal(size=(per, len(c))) for c in centres])
    return X, np.repeat(np.arange(len(centres)), per)


@pytest.mark.parametrize("true_k", [3, 5])
def test_silhouette_picks_the_number_of_well_separated_blobs(true_k):
    centres = 10.0 * np.eye(8)[:true_k]
    X, truth = _blobs(centres)

    found = kmeans_by_silhouette(X, k_min=2, k_max=8, seed=0)

    assert found.k == true_k
    assert sorted(found.silhouette) == list(range(2, 9))
    assert max(found.silhouette, key=found.silhouette.get) == true_k
    # The clusters are the blobs (up to renaming).
    pairs = {(int(a), int(b)) for a, b in zip(truth, found.labels, strict=True)}
    assert len(pairs) == true_k


def test_a_given_k_is_used_and_scored():
    X, _ = _blobs(10.0 * np.eye(4)[:2])
    found = kmeans_by_silhouette(X, k=3, seed=0)
    assert found.k == 3
    assert list(found.silhouette) == [3]
    assert set(found.labels.tolist()) == {0, 1, 2}


def test_too_few_tracks_for_k_is_a_clear_error():
    with pytest.raises(TrainingDataError, match="cannot make 5 clusters of 4 tracks"):
        kmeans_by_silhouette(np.eye(4), k=5)


def test_pca_of_known_points():
    # Spread 3 along x, 1 along y, nothing along z: the components are x then y.
    X = np.array([[3, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]], dtype=float) + 7.0

    coords, explained = pca_2d(X)

    np.testing.assert_allclose(coords, [[3, 0], [-3, 0], [0, 1], [0, -1]], atol=1e-12)
    np.testing.assert_allclose(explained, [18 / 20, 2 / 20])


def test_pca_signs_are_fixed_and_match_a_rotated_line():
    t = np.linspace(-2, 2, 9)
    direction = np.array([-1.0, 2.0, 2.0]) / 3.0  # largest loading positive
    X = np.outer(t, direction)
    coords, explained = pca_2d(X)
    coords_flipped, _ = pca_2d(-X[::-1])
    np.testing.assert_allclose(coords[:, 0], t, atol=1e-12)
    np.testing.assert_allclose(coords[:, 1], 0.0, atol=1e-12)
    np.testing.assert_allclose(explained, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(coords_flipped[:, 0], t, atol=1e-12)


def test_clusters_are_described_by_counts():
    labels = np.array([0, 0, 1, 1, 1])
    described = describe_clusters(
        labels,
        k=2,
        facets={
            "labels": [["Rock"], ["Rock", "Blues"], ["Jazz"], [], ["Jazz"]],
            "tags": [[], ["guitar"], ["sax"], ["sax", "cool"], []],
        },
    )
    assert described == [
        {
            "id": 0,
            "size": 2,
            "labels": [{"name": "Rock", "count": 2}, {"name": "Blues", "count": 1}],
            "tags": [{"name": "guitar", "count": 1}],
        },
        {
            "id": 1,
            "size": 3,
            "labels": [{"name": "Jazz", "count": 2}],
            "tags": [{"name": "sax", "count": 2}, {"name": "cool", "count": 1}],
        },
    ]


def test_top_counts_break_ties_by_name_and_cut():
    assert top_counts(["b", "a", "c", "a", "b"], top=2) == [
        {"name": "a", "count": 2},
        {"name": "b", "count": 2},
    ]
