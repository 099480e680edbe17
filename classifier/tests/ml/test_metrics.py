import numpy as np
import pytest

from classifier.ml.metrics import (
    classification_report,
    confusion_matrix,
    format_report,
    precision_recall_f1,
)

# Seven tracks, three genres, checked by hand:
#   true a a b b c c c
#   pred a b b b c a c
Y_TRUE = np.array([0, 0, 1, 1, 2, 2, 2])
Y_PRED = np.array([0, 1, 1, 1, 2, 0, 2])


def test_confusion_matrix_counts_true_rows_by_predicted_columns():
    expected = [[1, 1, 0], [0, 2, 0], [1, 0, 2]]
    np.testing.assert_array_equal(
        confusion_matrix(Y_TRUE, Y_PRED, n_classes=3), expected
    )


def test_precision_recall_f1_match_hand_computed_values():
    cm = confusion_matrix(Y_TRUE, Y_PRED, n_classes=3)
    precision, recall, f1, support = precision_recall_f1(cm)
    np.testing.assert_allclose(precision, [1 / 2, 2 / 3, 1.0])
    np.testing.assert_allclose(recall, [1 / 2, 1.0, 2 / 3])
    np.testing.assert_allclose(f1, [0.5, 0.8, 0.8])
    np.testing.assert_array_equal(support, [2, 2, 3])


def test_classes_never_predicted_or_present_score_zero_not_nan():
    cm = confusion_matrix(np.array([0, 0]), np.array([0, 1]), n_classes=3)
    precision, recall, f1, support = precision_recall_f1(cm)
    np.testing.assert_allclose(precision, [1.0, 0.0, 0.0])
    np.testing.assert_allclose(recall, [0.5, 0.0, 0.0])
    np.testing.assert_allclose(f1, [2 / 3, 0.0, 0.0])
    np.testing.assert_array_equal(support, [2, 0, 0])


def test_classification_report_whole_dict():
    report = classification_report(Y_TRUE, Y_PRED, genres=("a", "b", "c"))
    per_genre = report.pop("per_genre")
    assert report == {
        "accuracy": pytest.approx(5 / 7),
        "macro_f1": pytest.approx(0.7),
        "n_samples": 7,
        "confusion_matrix": [[1, 1, 0], [0, 2, 0], [1, 0, 2]],
    }
    assert per_genre == {
        "a": pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}),
        "b": pytest.approx(
            {"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2}
        ),
        "c": pytest.approx(
            {"precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3}
        ),
    }


def test_format_report_renders_each_genre_and_the_totals():
    text = format_report(classification_report(Y_TRUE, Y_PRED, genres=("a", "b", "c")))
    assert "b" in text.splitlines()[2]
    assert "accuracy 0.714  macro-F1 0.700  n=7" in text
