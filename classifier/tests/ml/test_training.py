import numpy as np
import pytest

from classifier.ml.errors import TrainingDataError
from classifier.ml.robust import LENGTH_DEPENDENT_FEATURES
from classifier.ml.splits import train_validation_split
from classifier.ml.training import build_network, cross_validate, train_network
from classifier.tests.ml.conftest import GENRES, QUICK


def test_build_network_stacks_relu_dropout_pairs_and_a_softmax():
    model = build_network(104, 6, hidden_units=(256, 128, 64), dropout_rate=0.3)
    kinds = [
        (type(layer).__name__, layer.get_config().get("activation"))
        for layer in model.layers
    ]
    assert kinds == [
        ("Dense", "relu"), ("Dropout", None),
        ("Dense", "relu"), ("Dropout", None),
        ("Dense", "relu"), ("Dropout", None),
        ("Dense", "softmax"),
    ]  # fmt: skip
    assert model.output_shape == (None, 6)
    assert model.count_params() == (104 + 1) * 256 + 257 * 128 + 129 * 64 + 65 * 6


def test_training_separates_synthetic_genres_on_unseen_artists(trained, test_data):
    assert trained.metrics["accuracy"] >= 0.9
    scaled = trained.standardizer.transform(trained.policy.select(test_data.X))
    proba = np.asarray(trained.model(scaled.astype(np.float32), training=False))
    assert np.mean(proba.argmax(axis=1) == test_data.y) >= 0.9


def test_scaler_is_fitted_on_the_training_split_only(trained, train_data):
    train, val = train_validation_split(
        train_data.y, groups=train_data.groups, validation_fraction=0.2, seed=3
    )
    columns = trained.policy.select(train_data.X)
    np.testing.assert_allclose(trained.standardizer.mean_, columns[train].mean(axis=0))
    assert not np.allclose(trained.standardizer.mean_, columns.mean(axis=0))
    assert trained.data_counts["validation"] == {
        g: int(np.sum(train_data.y[val] == i)) for i, g in enumerate(GENRES)
    }
    assert trained.data_counts["total"] == {g: 48 for g in GENRES}
    # Without cross-validation the temperature comes from the validation split.
    assert trained.calibration["source"] == "validation_split"
    assert trained.calibration["n_samples"] == val.size
    assert trained.temperature == trained.calibration["temperature"] > 0


def test_result_records_history_policy_and_best_epoch(trained):
    assert set(trained.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    epochs = len(trained.history["loss"])
    assert 1 <= trained.best_epoch <= epochs <= QUICK["epochs"]
    best = min(trained.history["val_loss"])
    assert trained.history["val_loss"][trained.best_epoch - 1] == best
    assert trained.policy.name == "length_invariant"
    assert trained.model.input_shape == (None, 138 - len(LENGTH_DEPENDENT_FEATURES))


def test_cross_validate_pools_every_track_once(train_data):
    cv = cross_validate(
        train_data.X, train_data.y, GENRES, groups=train_data.groups, folds=2,
        seed=0, **QUICK,
    )  # fmt: skip
    assert len(cv["folds"]) == 2
    assert sum(f["n_samples"] for f in cv["folds"]) == train_data.y.size
    assert np.sum(cv["pooled"]["confusion_matrix"]) == train_data.y.size
    assert cv["pooled"]["accuracy"] >= 0.85
    assert cv["accuracy_mean"] == pytest.approx(
        np.mean([f["accuracy"] for f in cv["folds"]])
    )
    calibration = cv["calibration"]
    assert calibration["source"] == "out_of_fold"
    assert calibration["n_samples"] == train_data.y.size
    assert len(calibration["fold_temperatures"]) == 2
    assert calibration["before"]["accuracy"] == pytest.approx(cv["pooled"]["accuracy"])
    assert calibration["after"]["accuracy"] == calibration["before"]["accuracy"]
    for side in ("before", "after"):
        table = calibration[side]["reliability"]
        assert sum(row["count"] for row in table) == train_data.y.size


def test_bad_training_data_is_refused(train_data):
    X = train_data.X.copy()
    X[0, 5] = np.nan
    with pytest.raises(TrainingDataError, match="NaN"):
        train_network(X, train_data.y, GENRES)
    with pytest.raises(TrainingDataError, match="too few tracks"):
        train_network(train_data.X[:3], np.array([0, 1, 1]), GENRES)
    with pytest.raises(TrainingDataError, match="do not fit 138 features"):
        train_network(train_data.X[:, :10], train_data.y, GENRES)
    with pytest.raises(TrainingDataError, match=r"label_smoothing must be in \[0, 1\)"):
        train_network(train_data.X, train_data.y, GENRES, label_smoothing=1.0)
