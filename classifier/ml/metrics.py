"""Classification metrics of a training run, from scikit-learn (training side only).

Rendering them as text is :mod:`classifier.ml.reports`, which needs no scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    precision_recall_fscore_support,
)


def classification_report(
    y_true: np.ndarray, y_pred: np.ndarray, *, genres: Sequence[str]
) -> dict[str, Any]:
    """All metrics ``evaluate_model`` and the artifact need, JSON-ready.

    Precision, recall and F1 of a genre never predicted (or absent) are 0
    (``zero_division=0``); macro-F1 averages over every genre in ``genres``.

    Parameters
    ----------
    y_true, y_pred : np.ndarray [shape=(n_samples,)], int
        Indices into ``genres``.
    genres : sequence of str

    Returns
    -------
    dict
        ``accuracy``, ``macro_f1``, ``n_samples``, ``per_genre`` (genre ->
        precision, recall, f1, support) and ``confusion_matrix`` (rows: true genre,
        columns: predicted genre, in ``genres`` order).
    """
    labels = np.arange(len(genres))
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(np.mean(f1)),
        "n_samples": int(np.size(y_true)),
        "per_genre": {
            genre: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, genre in enumerate(genres)
        },
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }
