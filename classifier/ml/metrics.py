"""Classification metrics in NumPy: accuracy, macro-F1, per-genre table, confusion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, *, n_classes: int
) -> np.ndarray:
    """Count (true, predicted) pairs.

    Parameters
    ----------
    y_true, y_pred : np.ndarray [shape=(n_samples,)], int
        Class indices in ``[0, n_classes)``.
    n_classes : int

    Returns
    -------
    np.ndarray [shape=(n_classes, n_classes)], int64
        ``C[i, j]`` is the number of samples of class ``i`` predicted as ``j``.
    """
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes differ: {y_true.shape} vs {y_pred.shape}")
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def precision_recall_f1(
    confusion: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-class precision, recall, F1 and support from a confusion matrix.

    ``precision = TP / (TP + FP)``, ``recall = TP / (TP + FN)``,
    ``F1 = 2 P R / (P + R)``; a zero denominator gives 0 (scikit-learn's
    ``zero_division=0``).

    Parameters
    ----------
    confusion : np.ndarray [shape=(n_classes, n_classes)]

    Returns
    -------
    precision, recall, f1 : np.ndarray [shape=(n_classes,)], float64
    support : np.ndarray [shape=(n_classes,)], int64
        True samples per class.
    """
    confusion = np.asarray(confusion)
    tp = np.diag(confusion).astype(np.float64)
    predicted = confusion.sum(axis=0).astype(np.float64)
    support = confusion.sum(axis=1)
    precision = _safe_divide(tp, predicted)
    recall = _safe_divide(tp, support.astype(np.float64))
    f1 = _safe_divide(2 * precision * recall, precision + recall)
    return precision, recall, f1, support.astype(np.int64)


def classification_report(
    y_true: np.ndarray, y_pred: np.ndarray, *, genres: Sequence[str]
) -> dict[str, Any]:
    """All metrics ``evaluate_model`` and the artifact need, JSON-ready.

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
    confusion = confusion_matrix(y_true, y_pred, n_classes=len(genres))
    precision, recall, f1, support = precision_recall_f1(confusion)
    total = int(confusion.sum())
    return {
        "accuracy": float(np.trace(confusion) / total) if total else 0.0,
        "macro_f1": float(f1.mean()),
        "n_samples": total,
        "per_genre": {
            genre: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, genre in enumerate(genres)
        },
        "confusion_matrix": confusion.tolist(),
    }


def format_report(report: dict[str, Any]) -> str:
    """Render ``classification_report``'s output as a plain-text table."""
    lines = [f"{'genre':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for genre, row in report["per_genre"].items():
        lines.append(
            f"{genre:<12}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['f1']:>10.3f}{row['support']:>9d}"
        )
    lines.append(
        f"accuracy {report['accuracy']:.3f}  macro-F1 {report['macro_f1']:.3f}"
        f"  n={report['n_samples']}"
    )
    return "\n".join(lines)


def _safe_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.zeros_like(num, dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out
