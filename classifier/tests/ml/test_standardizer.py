import numpy as np
import pytest

from classifier.ml.errors import ArtifactError, FeatureShapeError
from classifier.ml.standardizer import Standardizer


def test_fit_sets_mean_and_population_std_with_constant_columns_scaled_by_one():
    X = np.array([[1.0, 10.0, 3.0], [3.0, 10.0, 7.0]])
    scaler = Standardizer().fit(X)
    np.testing.assert_allclose(scaler.mean_, [2.0, 10.0, 5.0])
    np.testing.assert_allclose(scaler.scale_, [1.0, 1.0, 2.0])
    np.testing.assert_allclose(
        scaler.transform(np.array([[2.0, 12.0, 9.0]])), [[0.0, 2.0, 2.0]]
    )


def test_fit_transform_gives_zero_mean_unit_variance():
    X = np.random.default_rng(0).normal(5.0, 3.0, size=(50, 4))
    Z = Standardizer().fit_transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0)


def test_dict_round_trip_keeps_the_state():
    scaler = Standardizer().fit(np.array([[1.0, 2.0], [3.0, 6.0]]))
    again = Standardizer.from_dict(scaler.to_dict())
    np.testing.assert_array_equal(again.mean_, scaler.mean_)
    np.testing.assert_array_equal(again.scale_, scaler.scale_)


def test_unfitted_and_mis_shaped_inputs_are_refused():
    with pytest.raises(FeatureShapeError, match="not fitted"):
        Standardizer().transform(np.zeros((1, 2)))
    scaler = Standardizer().fit(np.zeros((3, 2)))
    with pytest.raises(FeatureShapeError, match="expected 2 columns, got 3"):
        scaler.transform(np.zeros((1, 3)))
    with pytest.raises(FeatureShapeError, match="2-D"):
        scaler.fit(np.zeros(4))
    with pytest.raises(ArtifactError, match="bad scaler state"):
        Standardizer.from_dict({"mean": [0.0], "scale": [0.0]})
