import numpy as np
import pytest

from classifier.ml.errors import TrainingDataError
from classifier.ml.splits import stratified_folds, train_validation_split


def _artist_data(seed=0):
    """60 artists with 1-8 tracks each, each artist in one of 3 genres."""
    rng = np.random.default_rng(seed)
    y, groups = [], []
    for artist in range(60):
        genre = artist % 3
        for _ in range(int(rng.integers(1, 9))):
            y.append(genre)
            groups.append(f"artist{artist}")
    return np.array(y), groups


def test_each_artist_is_on_one_side_and_each_track_tested_once():
    y, groups = _artist_data()
    splits = stratified_folds(y, groups=groups, n_splits=5, seed=0)
    tested = np.concatenate([test for _, test in splits])
    np.testing.assert_array_equal(np.sort(tested), np.arange(y.size))
    names = np.array(groups)
    for train, test in splits:
        assert set(names[train]).isdisjoint(names[test])
        assert np.intersect1d(train, test).size == 0
        assert train.size + test.size == y.size


def test_folds_keep_the_genre_proportions():
    y, groups = _artist_data()
    overall = np.bincount(y) / y.size
    for _, test in stratified_folds(y, groups=groups, n_splits=5, seed=0):
        share = np.bincount(y[test], minlength=3) / test.size
        np.testing.assert_allclose(share, overall, atol=0.08)


def test_unknown_artists_are_split_track_by_track_and_exactly_stratified():
    y = np.repeat([0, 1, 2], [10, 20, 30])
    for groups in ([None] * y.size, None):
        for _, test in stratified_folds(y, groups=groups, n_splits=5, seed=1):
            np.testing.assert_array_equal(np.bincount(y[test]), [2, 4, 6])


def test_tracks_of_unknown_artists_spread_while_known_artists_stay_together():
    y, groups = _artist_data(seed=2)
    groups = [None if i % 4 == 0 else g for i, g in enumerate(groups)]
    names = np.array([g or "" for g in groups])
    for train, test in stratified_folds(y, groups=groups, n_splits=4, seed=0):
        known = set(names[test]) - {""}
        assert known.isdisjoint(set(names[train]))


def test_folds_are_shuffled_by_the_seed():
    y = np.repeat([0, 1], 50)
    first = [test for _, test in stratified_folds(y, n_splits=5, seed=0)]
    other = [test for _, test in stratified_folds(y, n_splits=5, seed=1)]
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))
    assert not np.array_equal(first[0], np.r_[0:10, 50:60])  # not in file order


def test_split_is_deterministic_for_a_seed():
    y, groups = _artist_data()
    a = train_validation_split(y, groups=groups, validation_fraction=0.2, seed=4)
    b = train_validation_split(y, groups=groups, validation_fraction=0.2, seed=4)
    np.testing.assert_array_equal(a[1], b[1])
    assert 0.12 < a[1].size / y.size < 0.28


def test_too_few_groups_or_bad_arguments_are_refused():
    y = np.array([0, 1, 0, 1])
    with pytest.raises(TrainingDataError, match="5 folds from 2 artist groups"):
        stratified_folds(y, groups=["a", "a", "b", "b"], n_splits=5)
    with pytest.raises(TrainingDataError, match="3 groups for 4 samples"):
        stratified_folds(y, groups=["a", "b", "c"], n_splits=2)
    with pytest.raises(TrainingDataError, match="validation_fraction"):
        train_validation_split(y, validation_fraction=0.0)
    with pytest.raises(TrainingDataError, match="at least 2"):
        stratified_folds(y, n_splits=1)
    with pytest.raises(TrainingDataError, match="cannot make 3 folds"):
        stratified_folds(np.array([0, 1, 1, 2]), n_splits=3)
