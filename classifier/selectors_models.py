"""Reads for the models page: each model version, how it learned and from what.

The figures come from two places: the ``ModelVersion`` row (metrics, calibration;
always there) and the artifact's ``metadata.json`` (the per-epoch history, the
training data's counts, the hyperparameters). A version whose files are gone still
shows its metrics, with ``artifact_readable`` false and the rest null.
"""

import logging
from pathlib import Path
from typing import Any

from classifier.ml.artifacts import load_metadata
from classifier.ml.errors import ArtifactError
from classifier.models import ModelVersion
from classifier.selectors import model_list

logger = logging.getLogger(__name__)
#: Curves the page draws, in the order Keras records them.
HISTORY_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")
#: The label origin visitors' votes give (``dataset.models.Label.Origin``).
FEEDBACK = "feedback"
SOURCE_PREFIX = "source:"


def model_version_get(version: str) -> ModelVersion | None:
    if "\x00" in version:
        return None  # no version holds a NUL, and PostgreSQL refuses one (a 500)
    return ModelVersion.objects.filter(version=version).first()


def model_summaries() -> list[dict[str, Any]]:
    """Every version, newest first: what a list of them shows."""
    return [_summary(version, _metadata(version)) for version in model_list()]


def model_details(model_version: ModelVersion) -> dict[str, Any]:
    """Everything the models page draws of one version."""
    metadata = _metadata(model_version)
    metrics = model_version.metrics
    cv = metrics.get("cross_validation")
    extra = (metadata or {}).get("extra", {})
    return {
        **_summary(model_version, metadata),
        "artifact_readable": metadata is not None,
        "git_commit": (metadata or {}).get("git_commit"),
        "temperature": (metadata or {}).get("temperature"),
        "best_epoch": extra.get("best_epoch"),
        "hyperparameters": (metadata or {}).get("hyperparameters"),
        "history": _history(metadata),
        "evaluations": {
            "cross_validation": _evaluation(cv, model_version.genres) if cv else None,
            "validation_split": (
                _evaluation(metrics, model_version.genres)
                if "per_genre" in metrics
                else None
            ),
        },
        "calibration": _calibration(metrics.get("calibration")),
        "split": (metadata or {}).get("data_counts"),
        "training_data": _training_data(extra.get("training_data")),
    }


def _summary(model_version: ModelVersion, metadata: dict | None) -> dict[str, Any]:
    data = _training_data((metadata or {}).get("extra", {}).get("training_data"))
    return {
        "version": model_version.version,
        "created_at": model_version.created_at,
        "active": model_version.active,
        "genres": model_version.genres,
        "extractor_version": model_version.extractor_version,
        "accuracy": model_version.headline_metrics.get("accuracy"),
        "accuracy_source": (
            "cross_validation"
            if "cross_validation" in model_version.metrics
            else "validation_split"
        ),
        "tracks": data["tracks"] if data else None,
        "feedback_labels": data["feedback_labels"] if data else None,
    }


def _metadata(model_version: ModelVersion) -> dict | None:
    try:
        return load_metadata(Path(model_version.path))
    except ArtifactError as error:
        logger.warning("model %s: %s", model_version.version, error)
        return None


def _history(metadata: dict | None) -> dict[str, list[float]] | None:
    history = (metadata or {}).get("history")
    if not history:
        return None
    return {key: history.get(key, []) for key in HISTORY_KEYS}


def _evaluation(report: dict, genres: list[str]) -> dict[str, Any]:
    """A classification report with its genres in the model's order."""
    return {
        "accuracy": report["accuracy"],
        "macro_f1": report["macro_f1"],
        "n_samples": report["n_samples"],
        "folds": report.get("folds"),
        "fold_accuracies": report.get("fold_accuracies", []),
        "per_genre": [{"genre": g, **report["per_genre"][g]} for g in genres],
        "confusion_matrix": report["confusion_matrix"],
    }


def _calibration(calibration: dict | None) -> dict[str, Any] | None:
    if not calibration:
        return None
    keys = ("ece", "nll", "accuracy", "mean_confidence", "reliability")
    return {
        "temperature": calibration["temperature"],
        "source": calibration["source"],
        "n_samples": calibration["n_samples"],
        "n_bins": calibration["n_bins"],
        "before": {k: calibration["before"][k] for k in keys},
        "after": {k: calibration["after"][k] for k in keys},
    }


def _training_data(summary: dict | None) -> dict[str, Any] | None:
    """``TrainingMatrix.summary()`` with each genre's counts split into label
    origins and track sources, and the feedback labels counted."""
    if not summary:
        return None
    per_genre = []
    for genre, counts in summary["per_genre"].items():
        origins = {k: n for k, n in counts.items() if k != "tracks" and ":" not in k}
        per_genre.append(
            {
                "genre": genre,
                "tracks": counts["tracks"],
                "origins": origins,
                "sources": {
                    k.removeprefix(SOURCE_PREFIX): n
                    for k, n in counts.items()
                    if k.startswith(SOURCE_PREFIX)
                },
                "feedback": sum(
                    n for k, n in origins.items() if FEEDBACK in k.split("+")
                ),
            }
        )
    return {
        "labels": summary["labels"],
        "tracks": summary["tracks"],
        "feedback_labels": sum(row["feedback"] for row in per_genre),
        "per_genre": per_genre,
        "dropped_too_few": summary["dropped_too_few"],
        "dropped_conflicting_labels": summary["dropped_conflicting_labels"],
        "artists_known": summary["artists_known"],
    }
