"""Exact neighbour search against brute-force sorted distances."""

import numpy as np
import pytest

from classifier.ml.neighbours import (
    IndexTooLargeError,
    NeighbourIndex,
    knn_agreement,
)


def _rows(n=300, d=16, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)).astype(np.float32)
    keys = [f"k{i:04d}" for i in range(n)]
    return X, keys, [f"r{i}" for i in range(n)]


def _brute(X, q, metric):
    X = X.astype(np.float64)
    q = q.astype(np.float64)
    if metric == "cosine":
        cos = X @ q / (np.linalg.norm(X, axis=1) * np.linalg.norm(q))
        return 1.0 - cos
    return np.sqrt(((X - q) ** 2).sum(axis=1))


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_search_matches_brute_force_sorted_distances(metric):
    X, keys, refs = _rows()
    index = NeighbourIndex(X, keys, refs, metric=metric)
    q = np.random.default_rng(1).normal(size=16)

    hits = index.search(q, k=10)

    d = _brute(X, q, metric)
    expected = np.argsort(d, kind="stable")[:10]
    assert [h.key for h in hits] == [keys[i] for i in expected]
    assert [h.ref for h in hits] == [refs[i] for i in expected]
    np.testing.assert_allclose([h.distance for h in hits], d[expected], atol=1e-5)


def test_excluded_keys_are_skipped_and_k_still_filled():
    X, keys, refs = _rows(n=50)
    index = NeighbourIndex(X, keys, refs)
    nearest = [h.key for h in index.search(X[7], k=5)]
    assert nearest[0] == "k0007"
    np.testing.assert_allclose(index.search(X[7], k=1)[0].distance, 0.0, atol=1e-6)

    hits = index.search(X[7], k=5, exclude=nearest[:2])

    assert [h.key for h in hits] == nearest[2:] + [
        h.key for h in index.search(X[7], k=7)
    ][5:7]


def test_k_past_the_rows_returns_every_row_once():
    X, keys, refs = _rows(n=4)
    hits = NeighbourIndex(X, keys, refs).search(X[0], k=10, exclude=["k0000"])
    assert sorted(h.key for h in hits) == ["k0001", "k0002", "k0003"]


def test_a_zero_row_has_no_direction_but_does_not_break_cosine():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    hits = NeighbourIndex(X, ["z", "x", "y"], ["", "", ""]).search([2.0, 0.1], k=3)
    assert [h.key for h in hits] == ["x", "y", "z"]
    assert hits[-1].distance == pytest.approx(1.0)


def test_merged_adds_rows_and_replaces_a_key_already_present():
    X, keys, refs = _rows(n=20)
    index = NeighbourIndex(X, keys, refs, metric="euclidean")
    moved = X[3] + 100.0

    merged = index.merged(np.vstack([moved, -X[0]]), ["k0003", "new"], ["r3b", "rn"])

    assert len(merged) == 21
    assert len(index) == 20
    assert merged.search(moved, k=1)[0].ref == "r3b"
    assert merged.search(-X[0], k=1)[0].key == "new"
    assert list(merged.keys).count("k0003") == 1


def test_bytes_round_trip_keeps_rows_metric_and_order():
    X, keys, refs = _rows(n=30)
    index = NeighbourIndex(X, keys, refs, metric="euclidean")

    again = NeighbourIndex.from_bytes(index.to_bytes())

    assert again.metric == "euclidean"
    np.testing.assert_array_equal(again.vectors, index.vectors)
    assert list(again.keys) == keys
    assert list(again.refs) == refs


def test_more_rows_than_the_limit_are_refused():
    X, keys, refs = _rows(n=11)
    with pytest.raises(IndexTooLargeError, match="11 tracks: exact search serves at"):
        NeighbourIndex(X, keys, refs, max_rows=10)
    small = NeighbourIndex(X[:10], keys[:10], refs[:10], max_rows=10)
    with pytest.raises(IndexTooLargeError, match="FAISS or pgvector"):
        small.merged(X[10:], keys[10:], refs[10:])


def test_duplicate_keys_are_refused():
    X, _, _ = _rows(n=2)
    with pytest.raises(ValueError, match="unique"):
        NeighbourIndex(X, ["a", "a"], ["", ""])


def test_knn_agreement_by_hand():
    X = np.array([[0.0], [1.0], [10.0], [11.0]])

    pairs = knn_agreement(X, [0, 0, 1, 1], X, [0, 0, 1, 1], k=1, metric="euclidean",
                          same_set=True)  # fmt: skip
    # Rows 0 and 1 are each other's nearest but now disagree; 2 and 3 still agree.
    split = knn_agreement(X, [0, 1, 1, 1], X, [0, 1, 1, 1], k=1, metric="euclidean",
                          same_set=True)  # fmt: skip
    # Queries against another set: 0.4 is nearest 0 and 1 (k=2), both label 0.
    other = knn_agreement(np.array([[0.4], [10.6]]), [0, 0], X, [0, 0, 1, 1], k=2,
                          metric="euclidean")  # fmt: skip

    assert (pairs, split, other) == (1.0, 0.5, 0.5)
