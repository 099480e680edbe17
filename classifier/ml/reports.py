"""Plain-text tables of a model's metrics and calibration (pure: no scikit-learn).

``list_models`` runs on serving boxes, which have neither scikit-learn nor
TensorFlow; everything it prints comes from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def format_report(report: dict[str, Any]) -> str:
    """Render a classification report (per-genre table and totals) as text."""
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


def confusion_table(genres: Sequence[str], matrix: Sequence[Sequence[int]]) -> str:
    """Render a confusion matrix: rows true genres, columns predicted ones."""
    width = max(6, *(len(g) for g in genres)) + 1
    lines = [" " * width + "".join(f"{g[: width - 1]:>{width}}" for g in genres)]
    for genre, row in zip(genres, matrix, strict=True):
        lines.append(f"{genre:<{width}}" + "".join(f"{n:>{width}d}" for n in row))
    return "\n".join(lines)


def calibration_headline(calibration: dict[str, Any]) -> str:
    """One line: the temperature and the expected calibration error before/after."""
    return (
        f"T={calibration['temperature']:.2f} ({_source(calibration)})  "
        f"ECE {calibration['before']['ece']:.3f} -> {calibration['after']['ece']:.3f}"
    )


def format_calibration(calibration: dict[str, Any]) -> str:
    """Render a calibration record: summary figures and the reliability table.

    ``calibration`` is what ``classifier.ml.calibration.cross_fitted_calibration``
    returns.
    """
    before, after = calibration["before"], calibration["after"]
    lines = [
        f"Temperature {calibration['temperature']:.3f}, fitted on "
        f"{calibration['n_samples']} {_source(calibration)} predictions.",
        f"'after' is {calibration['scoring']}.",
        f"{'':<22}{'before':>8}{'after':>8}",
        f"{'ECE ({} bins)'.format(calibration['n_bins']):<22}"
        f"{before['ece']:>8.3f}{after['ece']:>8.3f}",
        f"{'NLL':<22}{before['nll']:>8.3f}{after['nll']:>8.3f}",
        f"{'mean top probability':<22}"
        f"{before['mean_confidence']:>8.3f}{after['mean_confidence']:>8.3f}",
        f"{'accuracy':<22}{before['accuracy']:>8.3f}{after['accuracy']:>8.3f}",
        "Reliability (top probability in equal-width bins; conf = mean top "
        "probability, acc = share right):",
        f"{'':<12}{'before':^24}{'after':^24}".rstrip(),
        f"{'bin':<12}" + f"{'n':>6}{'conf':>9}{'acc':>9}" * 2,
    ]
    for b, a in zip(before["reliability"], after["reliability"], strict=True):
        lines.append(
            f"{b['lower']:.2f}-{b['upper']:.2f}  " + _bin_cells(b) + _bin_cells(a)
        )
    return "\n".join(lines)


def _bin_cells(row: dict[str, Any]) -> str:
    if not row["count"]:
        return f"{0:>6}{'-':>9}{'-':>9}"
    return f"{row['count']:>6}{row['confidence']:>9.3f}{row['accuracy']:>9.3f}"


def _source(calibration: dict[str, Any]) -> str:
    return calibration["source"].replace("_", "-")
