from classifier.ml.reports import (
    calibration_headline,
    confusion_table,
    format_calibration,
    format_report,
)

REPORT = {
    "accuracy": 5 / 7,
    "macro_f1": 0.7,
    "n_samples": 7,
    "per_genre": {
        "a": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
        "b": {"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2},
        "c": {"precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3},
    },
}


def _bins(filled):
    rows = [
        {"lower": m / 15, "upper": (m + 1) / 15, "count": 0}
        | {"confidence": None, "accuracy": None}
        for m in range(15)
    ]
    for m, (count, confidence, accuracy) in filled.items():
        rows[m].update(count=count, confidence=confidence, accuracy=accuracy)
    return rows


CALIBRATION = {
    "temperature": 1.5,
    "source": "out_of_fold",
    "scoring": "cross-fitted over 5 folds: each fold's ...",
    "n_samples": 10,
    "n_bins": 15,
    "before": {
        "ece": 0.12,
        "nll": 0.6,
        "accuracy": 0.8,
        "mean_confidence": 0.92,
        "reliability": _bins({14: (10, 0.92, 0.8)}),
    },
    "after": {
        "ece": 0.04,
        "nll": 0.5,
        "accuracy": 0.8,
        "mean_confidence": 0.84,
        "reliability": _bins({12: (4, 0.83, 0.75), 13: (6, 0.9, 0.833)}),
    },
}


def test_format_report_renders_each_genre_and_the_totals():
    lines = format_report(REPORT).splitlines()
    assert lines[0].split() == ["genre", "precision", "recall", "f1", "support"]
    assert lines[2].split() == ["b", "0.667", "1.000", "0.800", "2"]
    assert lines[-1] == "accuracy 0.714  macro-F1 0.700  n=7"


def test_confusion_table_rows_are_true_genres():
    lines = confusion_table(["Rap", "Rock"], [[3, 1], [0, 4]]).splitlines()
    assert [line.split() for line in lines] == [
        ["Rap", "Rock"],
        ["Rap", "3", "1"],
        ["Rock", "0", "4"],
    ]


def test_format_calibration_shows_before_after_and_every_bin():
    lines = format_calibration(CALIBRATION).splitlines()
    assert lines[0] == "Temperature 1.500, fitted on 10 out-of-fold predictions."
    assert lines[1] == "'after' is cross-fitted over 5 folds: each fold's ...."
    assert lines[3].split() == ["ECE", "(15", "bins)", "0.120", "0.040"]
    assert lines[4].split() == ["NLL", "0.600", "0.500"]
    table = lines[-15:]
    assert table[0].split() == ["0.00-0.07", "0", "-", "-", "0", "-", "-"]
    assert table[12].split() == ["0.80-0.87", "0", "-", "-", "4", "0.830", "0.750"]
    assert table[14].split() == ["0.93-1.00", "10", "0.920", "0.800", "0", "-", "-"]


def test_calibration_headline():
    assert calibration_headline(CALIBRATION) == (
        "T=1.50 (out-of-fold)  ECE 0.120 -> 0.040"
    )
