"""Train a network on the stored feature vectors and register it as a model version.

TensorFlow is imported by ``classifier.ml.training`` inside its functions, so importing
this module stays light; only calling ``model_train``/``model_evaluate`` pays for it.
"""

import logging
import shutil
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from audiofiler.exceptions import ServiceError
from classifier.audio.names import EXTRACTOR_VERSION
from classifier.models import ModelVersion
from classifier.services.models import model_register
from dataset.selectors import TrainingMatrix, training_matrix

logger = logging.getLogger(__name__)


def training_data_get(
    *,
    genres: Sequence[str] | None,
    min_tracks: int,
    extractor_version: str,
    labels: Sequence[str] | None = None,
) -> TrainingMatrix:
    matrix = training_matrix(
        extractor_version=extractor_version,
        genres=list(genres) if genres else None,
        min_tracks=min_tracks,
        labels=labels,
    )
    if len(matrix.genres) < 2:
        raise ServiceError(
            f"Need at least two genres with {min_tracks}+ tracks that have "
            f"{extractor_version} features; found {matrix.counts or 'none'} "
            f"(dropped for too few tracks: {matrix.dropped or 'none'}). "
            "Import some first, e.g. `manage.py import_paa_genres`.",
            code="no_training_data",
            status_code=400,
        )
    return matrix


def model_train(
    *,
    genres: Sequence[str] | None = None,
    min_tracks: int = 20,
    cv_folds: int = 0,
    activate: bool = False,
    version: str | None = None,
    extractor_version: str = EXTRACTOR_VERSION,
    verbose: int = 0,
    **knobs,
) -> ModelVersion:
    """Train on every labelled vector (optionally cross-validate first) and register.

    With ``cv_folds`` the model's softmax temperature is fitted on the
    cross-validation's out-of-fold logits; without, on its own validation split's
    (``metrics["calibration"]["source"]`` says which).

    ``knobs`` are ``classifier.ml.training.Hyperparameters`` fields (``epochs``,
    ``hidden_units``, ``dropout_rate``, ``seed``, ``policy`` ...).
    """
    from classifier.ml.training import cross_validate, train_network

    labels = knobs.pop("labels", None)  # label origins, not a hyperparameter
    matrix = training_data_get(
        genres=genres,
        min_tracks=min_tracks,
        extractor_version=extractor_version,
        labels=labels,
    )
    logger.info("training on %s", matrix.counts)
    cv = None
    if cv_folds:
        cv = cross_validate(
            matrix.X,
            matrix.y,
            matrix.genres,
            groups=matrix.groups,
            folds=cv_folds,
            **knobs,
        )
    result = train_network(
        matrix.X,
        matrix.y,
        matrix.genres,
        groups=matrix.groups,
        verbose=verbose,
        **knobs,
    )
    result.extra["training_data"] = matrix.summary()  # counts per genre and source
    if cv is not None:
        result.metrics["cross_validation"] = cross_validation_summary(cv, cv_folds)
        result.calibration = cv["calibration"]
    logger.info(
        "temperature %.3f from %s logits; ECE %.3f -> %.3f",
        result.temperature,
        result.calibration["source"],
        result.calibration["before"]["ece"],
        result.calibration["after"]["ece"],
    )
    version = version or _new_version()
    directory = Path(settings.AUDIOFILER_MODELS_DIR) / version
    partial = directory.with_name(f".{version}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    result.save(partial, extractor_version=extractor_version)
    partial.rename(directory)  # a killed run leaves only a hidden .partial folder
    return model_register(directory=directory, version=version, activate=activate)


def model_evaluate(
    *,
    genres: Sequence[str] | None = None,
    min_tracks: int = 20,
    folds: int = 5,
    extractor_version: str = EXTRACTOR_VERSION,
    **knobs,
) -> dict:
    """K-fold cross-validation of the training recipe on the stored vectors.

    Returns :func:`cross_validation_summary` plus ``calibration``: the out-of-fold
    expected calibration error and reliability table before and after temperature
    scaling (cross-fitted).
    """
    from classifier.ml.training import cross_validate

    labels = knobs.pop("labels", None)
    matrix = training_data_get(
        genres=genres,
        min_tracks=min_tracks,
        extractor_version=extractor_version,
        labels=labels,
    )
    cv = cross_validate(
        matrix.X, matrix.y, matrix.genres, groups=matrix.groups, folds=folds, **knobs
    )
    return {**cross_validation_summary(cv, folds), "calibration": cv["calibration"]}


def cross_validation_summary(cv: dict, folds: int) -> dict:
    """The pooled report with the per-fold spread: what list_models and the API show."""
    return {
        **cv["pooled"],
        "folds": folds,
        "fold_accuracies": [report["accuracy"] for report in cv["folds"]],
        "accuracy_mean": cv["accuracy_mean"],
        "accuracy_std": cv["accuracy_std"],
    }


def _new_version() -> str:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    version, n = stamp, 1
    while ModelVersion.objects.filter(version=version).exists():
        n += 1
        version = f"{stamp}-{n}"
    return version
