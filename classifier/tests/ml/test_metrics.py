import numpy as np
import pytest

from classifier.ml.metrics import classification_report

# Seven tracks, three genres, checked by hand:
#   true a a b b c c c
#   pred a b b b c a c
Y_TRUE = np.array([0, 0, 1, 1, 2, 2, 2])
Y_PRED = np.array([0, 1, 1, 1, 2, 0, 2])


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


def test_genres_never_predicted_or_present_score_zero_and_count_in_macro_f1():
    report = classification_report(
        np.array([0, 0]), np.array([0, 1]), genres=("a", "b", "c")
    )
    assert report["per_genre"]["b"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 0,
    }
    assert report["per_genre"]["c"]["support"] == 0
    assert report["macro_f1"] == pytest.approx((2 / 3) / 3)
    assert report["confusion_matrix"] == [[1, 1, 0], [0, 0, 0], [0, 0, 0]]
