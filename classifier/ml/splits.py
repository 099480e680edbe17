"""Stratified folds that keep each artist's tracks on one side (scikit-learn's).

A network that has heard one song of an artist in training recognises the artist's
production, not the genre, in the test songs; so where artists are known, every track
of an artist goes to the same fold (``StratifiedGroupKFold``). Without any artist the
folds are plain ``StratifiedKFold`` ones. Training-side only: the serving path never
imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from classifier.ml.errors import TrainingDataError


def stratified_folds(
    y: np.ndarray,
    *,
    groups: Sequence[str | None] | np.ndarray | None = None,
    n_splits: int = 5,
    seed: int = 0,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split sample indices into ``n_splits`` shuffled, stratified (train, test) pairs.

    Parameters
    ----------
    y : np.ndarray [shape=(n_samples,)], int
        Class index per sample.
    groups : sequence [shape=(n_samples,)] or None
        Artist per sample; ``None`` or ``""`` means unknown, and an unknown-artist
        sample is its own group. With no artist known at all the split is
        ``StratifiedKFold``, else ``StratifiedGroupKFold``.
    n_splits : int
        Number of folds, at least 2.
    seed : int
        ``random_state`` of the shuffle.

    Returns
    -------
    list of (train_idx, test_idx)
        Sorted int64 index arrays; each sample is in exactly one test fold, and no
        artist appears in both halves of a pair.
    """
    y = np.asarray(y, dtype=np.int64)
    if n_splits < 2:
        raise TrainingDataError(f"n_splits must be at least 2, got {n_splits}")
    group_ids = _group_ids(groups, n_samples=y.size)
    n_groups = np.unique(group_ids).size
    if n_groups < n_splits:
        raise TrainingDataError(
            f"cannot make {n_splits} folds from {n_groups} artist groups"
        )
    try:
        if groups is None or n_groups == y.size:
            splitter = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
            pairs = list(splitter.split(np.zeros(y.size), y))
        else:
            splitter = StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)
            pairs = list(splitter.split(np.zeros(y.size), y, group_ids))
    except ValueError as exc:  # e.g. more folds than any genre has tracks
        raise TrainingDataError(f"cannot make {n_splits} folds: {exc}") from exc
    return [
        (np.sort(a).astype(np.int64), np.sort(b).astype(np.int64)) for a, b in pairs
    ]


def train_validation_split(
    y: np.ndarray,
    *,
    groups: Sequence[str | None] | np.ndarray | None = None,
    validation_fraction: float = 0.2,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """One stratified, artist-grouped (train, validation) split.

    The validation side is the first fold of a ``round(1 / validation_fraction)``-
    fold :func:`stratified_folds`.

    Returns
    -------
    train_idx, validation_idx : np.ndarray [shape=(n_train,), (n_validation,)]
    """
    if not 0.0 < validation_fraction < 0.5 + 1e-9:
        raise TrainingDataError(
            f"validation_fraction must be in (0, 0.5], got {validation_fraction}"
        )
    n_splits = max(2, round(1.0 / validation_fraction))
    return stratified_folds(y, groups=groups, n_splits=n_splits, seed=seed)[0]


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
