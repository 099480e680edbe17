"""Stratified splits that keep each artist's tracks on one side.

A network that has heard one song of an artist in training recognises the artist's
production, not the genre, in the test songs; so where artists are known, every track
of an artist goes to the same fold. The assignment is scikit-learn's
``StratifiedGroupKFold`` idea in NumPy: groups, largest and most class-skewed first,
each go to the fold that keeps the per-genre proportions across folds most even.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from classifier.ml.errors import TrainingDataError


def stratified_group_kfold(
    y: np.ndarray,
    *,
    groups: Sequence[str | None] | np.ndarray | None = None,
    n_splits: int = 5,
    seed: int = 0,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split sample indices into ``n_splits`` (train, test) pairs.

    Parameters
    ----------
    y : np.ndarray [shape=(n_samples,)], int
        Class index per sample.
    groups : sequence [shape=(n_samples,)] or None
        Artist per sample; ``None`` (for all, or for one sample) means unknown, and an
        unknown-artist sample is its own group.
    n_splits : int
        Number of folds, at least 2.
    seed : int
        Seeds the shuffle that breaks ties between equally sized groups.

    Returns
    -------
    list of (train_idx, test_idx)
        Sorted int64 index arrays; each sample is in exactly one test fold, and no
        group appears in both halves of a pair.
    """
    y = np.asarray(y, dtype=np.int64)
    if n_splits < 2:
        raise TrainingDataError(f"n_splits must be at least 2, got {n_splits}")
    group_ids = _group_ids(groups, n_samples=y.size)
    n_groups = int(group_ids.max()) + 1 if y.size else 0
    if n_groups < n_splits:
        raise TrainingDataError(
            f"cannot make {n_splits} folds from {n_groups} artist groups"
        )
    fold_of_group = _assign_groups(y, group_ids, n_splits=n_splits, seed=seed)
    fold = fold_of_group[group_ids]
    every = np.arange(y.size)
    return [(every[fold != k], every[fold == k]) for k in range(n_splits)]


def train_validation_split(
    y: np.ndarray,
    *,
    groups: Sequence[str | None] | np.ndarray | None = None,
    validation_fraction: float = 0.2,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """One stratified, artist-grouped (train, validation) split.

    The validation side is one fold of a ``round(1 / validation_fraction)``-fold
    :func:`stratified_group_kfold`.

    Returns
    -------
    train_idx, validation_idx : np.ndarray [shape=(n_train,), (n_validation,)]
    """
    if not 0.0 < validation_fraction < 0.5 + 1e-9:
        raise TrainingDataError(
            f"validation_fraction must be in (0, 0.5], got {validation_fraction}"
        )
    n_splits = max(2, round(1.0 / validation_fraction))
    return stratified_group_kfold(y, groups=groups, n_splits=n_splits, seed=seed)[0]


def _group_ids(
    groups: Sequence[str | None] | np.ndarray | None, *, n_samples: int
) -> np.ndarray:
    """Map artist names to dense ids; each unknown artist becomes its own group."""
    if groups is None:
        return np.arange(n_samples)
    if len(groups) != n_samples:
        raise TrainingDataError(f"{len(groups)} groups for {n_samples} samples")
    ids: dict[object, int] = {}
    out = np.empty(n_samples, dtype=np.int64)
    for i, name in enumerate(groups):
        key = ("unknown", i) if name is None or name == "" else ("artist", name)
        out[i] = ids.setdefault(key, len(ids))
    return out


def _assign_groups(
    y: np.ndarray, group_ids: np.ndarray, *, n_splits: int, seed: int
) -> np.ndarray:
    """Greedily give each group the fold that keeps class proportions most even."""
    n_classes = int(y.max()) + 1
    n_groups = int(group_ids.max()) + 1
    counts = np.zeros((n_groups, n_classes), dtype=np.int64)
    np.add.at(counts, (group_ids, y), 1)
    class_totals = counts.sum(axis=0).astype(np.float64)
    class_totals[class_totals == 0] = 1.0
    order = np.random.default_rng(seed).permutation(n_groups)
    # Larger, more skewed groups first: they are the hardest to place evenly.
    skew = counts[order].std(axis=1)
    order = order[np.lexsort((-skew, -counts[order].sum(axis=1)))]
    fold_counts = np.zeros((n_splits, n_classes), dtype=np.float64)
    fold_of_group = np.empty(n_groups, dtype=np.int64)
    for g in order:
        trial = fold_counts[None, :, :] + np.eye(n_splits)[:, :, None] * counts[g]
        spread = (trial / class_totals).std(axis=1).mean(axis=1)
        best = np.flatnonzero(np.isclose(spread, spread.min()))
        k = best[np.argmin(fold_counts[best].sum(axis=1))]
        fold_counts[k] += counts[g]
        fold_of_group[g] = k
    return fold_of_group
