"""Temperature scaling and the measures of calibration: ECE, NLL, reliability.

A network trained with cross-entropy is usually overconfident: its top probability
is higher than how often it is right. Temperature scaling (Guo et al., "On
Calibration of Modern Neural Networks", ICML 2017) divides the logits by one scalar
``T > 0`` fitted by minimising the negative log-likelihood on predictions the network
did not train on; the ranking of the genres, so the accuracy, is unchanged.

Expected calibration error, as there: the top probabilities fall into ``M = 15``
equal-width bins ``((m - 1) / M, m / M]`` (a confidence of exactly 0 joins the first),
and ``ECE = sum_m |B_m| / n * |accuracy(B_m) - mean confidence(B_m)|``.

Pure NumPy; SciPy's optimiser is imported inside :func:`fit_temperature` only, so the
predictor can use :func:`softmax` without it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Equal-width bins of the top probability in the expected calibration error.
N_BINS = 15
#: Temperatures searched (``log T`` in ``[-LOG_T_BOUND, LOG_T_BOUND]``: 0.02 to 55).
LOG_T_BOUND = 4.0


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """``softmax(logits / temperature)`` along the last axis, overflow-safe.

    Parameters
    ----------
    logits : np.ndarray [shape=(n, n_classes)]
    temperature : float
        ``> 0``; 1 leaves the logits as they are.

    Returns
    -------
    np.ndarray [shape=(n, n_classes)], float64
        Rows sum to 1.
    """
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def negative_log_likelihood(
    logits: np.ndarray, y: np.ndarray, temperature: float = 1.0
) -> float:
    """Mean ``-log softmax(logits / T)[y]`` (nats), computed from the logits.

    Parameters
    ----------
    logits : np.ndarray [shape=(n, n_classes)]
    y : np.ndarray [shape=(n,)], int
    temperature : float
    """
    z = np.asarray(logits, dtype=np.float64) / temperature
    top = z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z - top).sum(axis=1)) + top[:, 0]
    return float(np.mean(log_norm - z[np.arange(z.shape[0]), y]))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The ``T`` that minimises :func:`negative_log_likelihood` on these predictions.

    The NLL is minimised over ``log T`` (bounded, Brent's method), which keeps ``T``
    positive and treats sharpening and softening alike.

    Parameters
    ----------
    logits : np.ndarray [shape=(n, n_classes)]
        Predictions of samples the network did not train on.
    y : np.ndarray [shape=(n,)], int
        Their true classes.

    Returns
    -------
    float
        ``T > 0``.
    """
    from scipy.optimize import minimize_scalar

    logits = np.asarray(logits, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if logits.ndim != 2 or logits.shape[0] != y.size or y.size == 0:
        raise ValueError(f"logits {logits.shape} do not fit labels {y.shape}")
    found = minimize_scalar(
        lambda log_t: negative_log_likelihood(logits, y, float(np.exp(log_t))),
        bounds=(-LOG_T_BOUND, LOG_T_BOUND),
        method="bounded",
        options={"xatol": 1e-6},
    )
    return float(np.exp(found.x))


def reliability_table(
    proba: np.ndarray, y: np.ndarray, *, n_bins: int = N_BINS
) -> list[dict[str, Any]]:
    """Per equal-width bin of the top probability: count, confidence, accuracy.

    Parameters
    ----------
    proba : np.ndarray [shape=(n, n_classes)]
    y : np.ndarray [shape=(n,)], int
    n_bins : int

    Returns
    -------
    list of dict, one per bin
        ``lower``, ``upper`` (the bin is ``(lower, upper]``), ``count``, and the
        mean top probability ``confidence`` and ``accuracy`` of its samples (None
        for an empty bin).
    """
    confidence, correct = _top(proba, y)
    which = _bin_index(confidence, n_bins)
    table = []
    for m in range(n_bins):
        inside = which == m
        count = int(inside.sum())
        table.append(
            {
                "lower": m / n_bins,
                "upper": (m + 1) / n_bins,
                "count": count,
                "confidence": float(confidence[inside].mean()) if count else None,
                "accuracy": float(correct[inside].mean()) if count else None,
            }
        )
    return table


def expected_calibration_error(
    proba: np.ndarray, y: np.ndarray, *, n_bins: int = N_BINS
) -> float:
    """``sum_m |B_m| / n * |accuracy(B_m) - confidence(B_m)|`` over confidence bins.

    Parameters
    ----------
    proba : np.ndarray [shape=(n, n_classes)]
    y : np.ndarray [shape=(n,)], int
    n_bins : int
        Equal-width bins ``((m - 1) / n_bins, m / n_bins]``.

    Returns
    -------
    float
        In ``[0, 1]``.
    """
    confidence, correct = _top(proba, y)
    which = _bin_index(confidence, n_bins)
    gap = 0.0
    for m in np.unique(which):
        inside = which == m
        gap += inside.sum() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(gap / confidence.size)


def calibration_summary(
    logits: np.ndarray, y: np.ndarray, *, temperatures: np.ndarray
) -> dict[str, Any]:
    """ECE, NLL, accuracy, mean confidence and reliability of ``softmax(logits / T)``.

    Parameters
    ----------
    logits : np.ndarray [shape=(n, n_classes)]
    y : np.ndarray [shape=(n,)], int
    temperatures : np.ndarray [shape=(n,)] or float
        One temperature per row (cross-fitting gives each fold its own).
    """
    t = np.broadcast_to(np.asarray(temperatures, dtype=np.float64), y.shape)
    proba = softmax(np.asarray(logits, dtype=np.float64) / t[:, None])
    confidence, correct = _top(proba, y)
    return {
        "ece": expected_calibration_error(proba, y),
        "nll": float(-np.mean(np.log(proba[np.arange(y.size), y] + 1e-300))),
        "accuracy": float(correct.mean()),
        "mean_confidence": float(confidence.mean()),
        "reliability": reliability_table(proba, y),
    }


def cross_fitted_calibration(
    logits: np.ndarray, y: np.ndarray, *, fold: np.ndarray, source: str
) -> dict[str, Any]:
    """Fit ``T`` on all predictions; score it by cross-fitting over ``fold``.

    The temperature the model keeps is fitted on every row. The "after" figures
    must not come from a temperature fitted on the rows they score, so each fold's
    rows are scaled by a temperature fitted on the other folds' rows only.

    Parameters
    ----------
    logits : np.ndarray [shape=(n, n_classes)]
        Held-out predictions (out-of-fold, or of a validation split).
    y : np.ndarray [shape=(n,)], int
    fold : np.ndarray [shape=(n,)], int
        Cross-fitting fold of each row; at least two distinct values.
    source : {"out_of_fold", "validation_split"}
        Where ``logits`` come from, recorded with the result.

    Returns
    -------
    dict
        ``temperature``, ``source``, ``scoring``, ``n_samples``, ``n_bins``,
        ``fold_temperatures`` and ``before`` / ``after``
        (:func:`calibration_summary`).
    """
    logits = np.asarray(logits, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    fold = np.asarray(fold)
    folds = np.unique(fold)
    if folds.size < 2:
        raise ValueError("cross-fitting needs at least two folds")
    per_row = np.empty(y.size)
    fold_temperatures = []
    for k in folds:
        inside = fold == k
        t_k = fit_temperature(logits[~inside], y[~inside])
        per_row[inside] = t_k
        fold_temperatures.append(t_k)
    return {
        "temperature": fit_temperature(logits, y),
        "source": source,
        "scoring": (
            f"cross-fitted over {folds.size} folds: each fold's predictions scaled "
            "by a temperature fitted on the other folds' predictions"
        ),
        "n_samples": int(y.size),
        "n_bins": N_BINS,
        "fold_temperatures": fold_temperatures,
        "before": calibration_summary(logits, y, temperatures=1.0),
        "after": calibration_summary(logits, y, temperatures=per_row),
    }


def _top(proba: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Top probability of each row and whether its genre is the true one."""
    proba = np.asarray(proba, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if proba.ndim != 2 or proba.shape[0] != y.size or y.size == 0:
        raise ValueError(f"probabilities {proba.shape} do not fit labels {y.shape}")
    return proba.max(axis=1), (proba.argmax(axis=1) == y).astype(np.float64)


def _bin_index(confidence: np.ndarray, n_bins: int) -> np.ndarray:
    """Bin ``m`` holds confidences in ``(m / n_bins, (m + 1) / n_bins]``."""
    edges = np.arange(n_bins + 1) / n_bins
    return np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, n_bins - 1)
