"""Temperature scaling and calibration measures: hand-computed and synthetic cases."""

import numpy as np
import pytest

from classifier.ml.calibration import (
    N_BINS,
    cross_fitted_calibration,
    expected_calibration_error,
    fit_temperature,
    negative_log_likelihood,
    reliability_table,
    softmax,
)

# Five predictions, two classes; top probabilities 0.95, 0.90, 0.55, 0.60, 0.99:
#   bin (14/15, 1]      holds 0.95, 0.99 -> conf 0.97,  acc 1/2 (the 0.99 is wrong)
#   bin (13/15, 14/15]  holds 0.90       -> conf 0.90,  acc 1
#   bin (8/15, 9/15]    holds 0.55, 0.60 -> conf 0.575, acc 1/2
# ECE = 2/5 * |0.5 - 0.97| + 1/5 * |1 - 0.9| + 2/5 * |0.5 - 0.575| = 0.238
PROBA = np.array([[0.95, 0.05], [0.10, 0.90], [0.55, 0.45], [0.40, 0.60], [0.99, 0.01]])
Y = np.array([0, 1, 1, 1, 1])


def test_ece_of_a_tiny_case_matches_the_hand_computed_value():
    assert expected_calibration_error(PROBA, Y) == pytest.approx(0.238, abs=1e-12)


def test_reliability_table_of_the_tiny_case():
    table = reliability_table(PROBA, Y)
    assert len(table) == N_BINS == 15
    filled = {m: row for m, row in enumerate(table) if row["count"]}
    assert sorted(filled) == [8, 13, 14]
    assert filled[14] == pytest.approx(
        {"lower": 14 / 15, "upper": 1.0, "count": 2}
        | {"confidence": 0.97, "accuracy": 0.5}
    )
    assert filled[13]["count"] == 1
    assert filled[13]["accuracy"] == 1.0
    assert filled[8]["confidence"] == pytest.approx(0.575)
    assert table[0] == {
        "lower": 0.0,
        "upper": 1 / 15,
        "count": 0,
        "confidence": None,
        "accuracy": None,
    }


def test_bins_are_closed_on_the_right():
    # A top probability of exactly 0.6 = 9/15 belongs to the bin (8/15, 9/15].
    table = reliability_table(np.array([[0.6, 0.4]]), np.array([0]))
    assert [m for m, row in enumerate(table) if row["count"]] == [8]


def test_perfectly_calibrated_predictions_have_a_small_ece():
    rng = np.random.default_rng(0)
    logits = 2.0 * rng.standard_normal((20000, 4))
    proba = softmax(logits)
    y = _sample(proba, rng)
    assert expected_calibration_error(proba, y) < 0.015


def test_softmax_divides_the_logits_by_the_temperature():
    z = np.array([[1.0, 2.0, 4.0]])
    expected = np.exp(z / 2.0) / np.exp(z / 2.0).sum()
    np.testing.assert_allclose(softmax(z, 2.0), expected, rtol=1e-15)
    np.testing.assert_allclose(softmax(np.array([[1000.0, 0.0]])), [[1.0, 0.0]])


def test_nll_from_logits_matches_the_definition():
    z = np.array([[1.0, 2.0, 4.0], [0.5, -1.0, 0.0]])
    y = np.array([2, 1])
    expected = -np.mean(np.log(softmax(z, 1.5)[[0, 1], y]))
    assert negative_log_likelihood(z, y, 1.5) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("true_t", [0.5, 1.0, 2.5])
def test_fit_temperature_recovers_a_known_temperature(true_t):
    """Labels drawn from softmax(z); the network reports z * T: T undoes it."""
    rng = np.random.default_rng(1)
    z = 1.5 * rng.standard_normal((30000, 5))
    y = _sample(softmax(z), rng)
    assert fit_temperature(z * true_t, y) == pytest.approx(true_t, rel=0.03)


def test_calibration_improves_an_overconfident_set_and_keeps_the_ranking():
    rng = np.random.default_rng(2)
    z = 1.2 * rng.standard_normal((6000, 6))
    y = _sample(softmax(z), rng)
    overconfident = 3.0 * z
    fold = np.arange(y.size) % 5
    report = cross_fitted_calibration(overconfident, y, fold=fold, source="out_of_fold")
    before, after = report["before"], report["after"]
    assert report["temperature"] == pytest.approx(3.0, rel=0.05)
    assert len(report["fold_temperatures"]) == 5
    assert before["ece"] > 0.15
    assert after["ece"] < 0.03
    assert after["nll"] < before["nll"] - 0.3
    assert after["accuracy"] == before["accuracy"]
    assert after["mean_confidence"] < before["mean_confidence"]
    assert sum(row["count"] for row in after["reliability"]) == y.size
    assert report["source"] == "out_of_fold"
    assert report["n_samples"] == 6000
    assert report["scoring"].startswith("cross-fitted over 5 folds")


def test_cross_fitting_scores_each_fold_with_the_other_folds_temperature():
    """Fold 0's rows are overconfident by 4, fold 1's by 1: the temperature fitted
    on one fold misfits the other, which only cross-fitting shows."""
    rng = np.random.default_rng(3)
    z = rng.standard_normal((8000, 3))
    y = _sample(softmax(z), rng)
    fold = np.repeat([0, 1], 4000)
    scaled = z * np.where(fold == 0, 4.0, 1.0)[:, None]
    report = cross_fitted_calibration(scaled, y, fold=fold, source="validation_split")
    assert report["fold_temperatures"] == pytest.approx([1.0, 4.0], rel=0.08)
    per_fold_fit = softmax(scaled / np.where(fold == 0, 4.0, 1.0)[:, None])
    assert report["after"]["ece"] > expected_calibration_error(per_fold_fit, y) + 0.05


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="do not fit labels"):
        expected_calibration_error(PROBA, Y[:3])
    with pytest.raises(ValueError, match="do not fit labels"):
        fit_temperature(np.zeros((0, 3)), np.zeros(0, dtype=int))
    with pytest.raises(ValueError, match="at least two folds"):
        cross_fitted_calibration(PROBA, Y, fold=np.zeros(5), source="out_of_fold")


def _sample(proba, rng):
    """One class per row drawn from its probabilities."""
    u = rng.random((proba.shape[0], 1))
    return np.minimum((proba.cumsum(axis=1) < u).sum(axis=1), proba.shape[1] - 1)
