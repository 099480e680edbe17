"""Build, train and cross-validate the genre network (the only TensorFlow importer).

TensorFlow/Keras is imported inside the functions below, never at module level, so
importing this module stays cheap; web workers never import it at all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifier.audio.names import FEATURE_NAMES
from classifier.ml.errors import TrainingDataError
from classifier.ml.metrics import classification_report
from classifier.ml.robust import (
    DEFAULT_POLICY,
    PREVIEW_SECONDS,
    FeaturePolicy,
    feature_policy,
    simulate_clip_deltas,
)
from classifier.ml.splits import stratified_group_kfold, train_validation_split
from classifier.ml.standardizer import Standardizer


def _keras():
    """Import Keras (and TensorFlow under it) on first use, without C++ log noise."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    return keras


#: Fewest tracks a genre needs: one on each side of the validation split.
MIN_TRACKS_PER_GENRE = 2


@dataclass(frozen=True)
class Hyperparameters:
    """Every knob of one training run; stored in the artifact.

    ``patience`` epochs without a lower validation loss stop training, and the
    weights of the best epoch are restored.
    """

    hidden_units: tuple[int, ...] = (256, 128, 64)
    dropout_rate: float = 0.3
    epochs: int = 300
    batch_size: int = 32
    learning_rate: float = 1e-3
    validation_fraction: float = 0.2
    patience: int = 25
    seed: int = 0
    policy: str = DEFAULT_POLICY


@dataclass
class TrainingResult:
    """A fitted network and everything its artifact records.

    Attributes
    ----------
    model : keras.Model
        Takes standardised, policy-selected features; outputs genre probabilities.
    standardizer : Standardizer
        Fitted on the training split of the policy's columns.
    policy : FeaturePolicy
    genres : tuple of str
    feature_names : tuple of str
        The extractor's full vector layout the predictor accepts.
    history : dict of str -> list of float
        Per-epoch ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``.
    metrics : dict
        :func:`classification_report` on the validation split (best epoch).
    hyperparameters : Hyperparameters
    data_counts : dict of str -> dict of str -> int
        Tracks per genre in ``total``, ``train`` and ``validation``.
    best_epoch : int
        1-based epoch whose weights were kept.
    """

    model: Any
    standardizer: Standardizer
    policy: FeaturePolicy
    genres: tuple[str, ...]
    feature_names: tuple[str, ...]
    history: dict[str, list[float]]
    metrics: dict[str, Any]
    hyperparameters: Hyperparameters
    data_counts: dict[str, dict[str, int]]
    best_epoch: int
    extra: dict[str, Any] = field(default_factory=dict)

    def save(
        self,
        directory: str | Path,
        *,
        extractor_version: str,
        git_commit: str | None = None,
    ) -> Path:
        """Write this result as an artifact; see :func:`artifacts.save_artifact`."""
        from classifier.ml.artifacts import save_artifact

        return save_artifact(
            directory,
            model=self.model,
            standardizer=self.standardizer,
            genres=self.genres,
            feature_names=self.feature_names,
            extractor_version=extractor_version,
            policy=self.policy,
            metrics=self.metrics,
            history=self.history,
            data_counts=self.data_counts,
            seed=self.hyperparameters.seed,
            hyperparameters=asdict(self.hyperparameters),
            git_commit=git_commit,
            extra={"best_epoch": self.best_epoch, **self.extra},
        )


def build_network(
    n_features: int,
    n_genres: int,
    *,
    hidden_units: Sequence[int] = (256, 128, 64),
    dropout_rate: float = 0.3,
) -> Any:
    """A dense ReLU network with dropout and a softmax output.

    Parameters
    ----------
    n_features : int
        Width of the standardised input.
    n_genres : int
        Width of the softmax output.
    hidden_units : sequence of int
        One ``Dense(relu)`` + ``Dropout`` pair per entry.
    dropout_rate : float
        Dropout after each hidden layer (inactive at inference).

    Returns
    -------
    keras.Sequential
        Uncompiled; input ``(None, n_features)``, output ``(None, n_genres)``.
    """
    keras = _keras()
    layers: list[Any] = [keras.Input(shape=(n_features,), name="features")]
    for i, units in enumerate(hidden_units):
        layers.append(keras.layers.Dense(units, activation="relu", name=f"dense_{i}"))
        layers.append(keras.layers.Dropout(dropout_rate, name=f"dropout_{i}"))
    layers.append(keras.layers.Dense(n_genres, activation="softmax", name="genres"))
    return keras.Sequential(layers, name="genre_network")


def balanced_class_weights(y: np.ndarray, *, n_classes: int) -> dict[int, float]:
    """``n_samples / (n_classes * count_c)`` per class (scikit-learn's "balanced").

    Parameters
    ----------
    y : np.ndarray [shape=(n_samples,)], int

    Returns
    -------
    dict of int -> float
        Classes absent from ``y`` get weight 1.0.
    """
    counts = np.bincount(np.asarray(y, dtype=np.int64), minlength=n_classes)
    weights = np.ones(n_classes)
    present = counts > 0
    weights[present] = y.size / (present.sum() * counts[present])
    return {int(c): float(w) for c, w in enumerate(weights)}


def train_network(
    X: np.ndarray,
    y: np.ndarray,
    genres: Sequence[str],
    *,
    groups: Sequence[str | None] | None = None,
    feature_names: Sequence[str] = FEATURE_NAMES,
    verbose: int = 0,
    **knobs: Any,
) -> TrainingResult:
    """Train the network on an artist-grouped, stratified train/validation split.

    The scaler is fitted on the training split only; early stopping watches the
    validation loss and restores the best epoch; classes are weighted "balanced".

    Parameters
    ----------
    X : np.ndarray [shape=(n_samples, len(feature_names))]
        Full extractor vectors; the policy selects its columns.
    y : np.ndarray [shape=(n_samples,)], int
        Indices into ``genres``.
    genres : sequence of str
    groups : sequence of str or None [shape=(n_samples,)], optional
        Artist per track where known.
    feature_names : sequence of str
        Layout of ``X``'s columns.
    verbose : int
        Keras ``fit`` verbosity.
    **knobs
        Fields of :class:`Hyperparameters` (``hidden_units``, ``dropout_rate``,
        ``epochs``, ``batch_size``, ``learning_rate``, ``validation_fraction``,
        ``patience``, ``seed``, ``policy``).

    Returns
    -------
    TrainingResult
    """
    hp = Hyperparameters(**knobs)
    X, y = _check_data(X, y, genres=genres, feature_names=feature_names)
    policy = feature_policy(hp.policy, all_names=feature_names)
    train, val = train_validation_split(
        y, groups=groups, validation_fraction=hp.validation_fraction, seed=hp.seed
    )
    fitted = _fit_split(
        policy.select(X, feature_names), y, train, val, genres, hp, verbose
    )
    model, scaler, history, best_epoch = fitted
    val_pred = _predict(model, scaler.transform(policy.select(X[val], feature_names)))
    return TrainingResult(
        model=model,
        standardizer=scaler,
        policy=policy,
        genres=tuple(genres),
        feature_names=tuple(feature_names),
        history=history,
        metrics=classification_report(y[val], val_pred.argmax(axis=1), genres=genres),
        hyperparameters=hp,
        data_counts={
            "total": _counts(y, genres),
            "train": _counts(y[train], genres),
            "validation": _counts(y[val], genres),
        },
        best_epoch=best_epoch,
    )


def cross_validate(
    X: np.ndarray,
    y: np.ndarray,
    genres: Sequence[str],
    *,
    groups: Sequence[str | None] | None = None,
    folds: int = 5,
    feature_names: Sequence[str] = FEATURE_NAMES,
    preview_seconds: float | None = None,
    **knobs: Any,
) -> dict[str, Any]:
    """K-fold, artist-grouped, stratified cross-validation of the whole recipe.

    Each fold trains exactly as :func:`train_network` does on the other folds (its
    own validation split, scaler and early stopping) and predicts the held-out fold.

    Parameters
    ----------
    X, y, genres, groups, feature_names
        As in :func:`train_network`.
    folds : int
        Number of folds.
    preview_seconds : float, optional
        Also score each held-out fold after :func:`simulate_clip_deltas` rewrote its
        delta means as a crop of this length would show them.
    **knobs
        :class:`Hyperparameters` fields.

    Returns
    -------
    dict
        ``folds`` (one :func:`classification_report` per fold), ``pooled`` (the
        report over all held-out predictions), ``accuracy_mean``,
        ``accuracy_std``, ``macro_f1_mean``, ``hyperparameters`` and, with
        ``preview_seconds``, ``pooled_preview``.
    """
    hp = Hyperparameters(**knobs)
    X, y = _check_data(X, y, genres=genres, feature_names=feature_names)
    policy = feature_policy(hp.policy, all_names=feature_names)
    predicted = np.empty_like(y)
    predicted_preview = np.empty_like(y)
    reports = []
    splits = stratified_group_kfold(y, groups=groups, n_splits=folds, seed=hp.seed)
    for train, test in splits:
        inner_groups = None if groups is None else [groups[i] for i in train]
        inner_train, inner_val = train_validation_split(
            y[train],
            groups=inner_groups,
            validation_fraction=hp.validation_fraction,
            seed=hp.seed,
        )
        Xp = policy.select(X, feature_names)
        model, scaler, _, _ = _fit_split(
            Xp[train], y[train], inner_train, inner_val, genres, hp, 0
        )
        predicted[test] = _predict(model, scaler.transform(Xp[test])).argmax(axis=1)
        reports.append(classification_report(y[test], predicted[test], genres=genres))
        if preview_seconds is not None:
            shifted = simulate_clip_deltas(
                X[test],
                clip_seconds=preview_seconds,
                seed=hp.seed,
                all_names=feature_names,
            )
            scaled = scaler.transform(policy.select(shifted, feature_names))
            predicted_preview[test] = _predict(model, scaled).argmax(axis=1)
    accuracies = np.array([r["accuracy"] for r in reports])
    result: dict[str, Any] = {
        "folds": reports,
        "pooled": classification_report(y, predicted, genres=genres),
        "accuracy_mean": float(accuracies.mean()),
        "accuracy_std": float(accuracies.std()),
        "macro_f1_mean": float(np.mean([r["macro_f1"] for r in reports])),
        "hyperparameters": asdict(hp),
    }
    if preview_seconds is not None:
        result["preview_seconds"] = preview_seconds
        result["pooled_preview"] = classification_report(
            y, predicted_preview, genres=genres
        )
    return result


def clip_length_report(
    X: np.ndarray,
    y: np.ndarray,
    genres: Sequence[str],
    *,
    groups: Sequence[str | None] | None = None,
    folds: int = 5,
    preview_seconds: float = PREVIEW_SECONDS,
    policies: Sequence[str] = ("all", "length_invariant"),
    **knobs: Any,
) -> dict[str, dict[str, float]]:
    """Cross-validate each feature policy on the vectors as given and as previews.

    Returns
    -------
    dict of policy name -> dict
        ``accuracy`` and ``macro_f1`` pooled over held-out folds as given, and
        ``preview_accuracy`` / ``preview_macro_f1`` with the held-out delta means
        rewritten as ``preview_seconds`` crops would show them.
    """
    report = {}
    for name in policies:
        cv = cross_validate(
            X,
            y,
            genres,
            groups=groups,
            folds=folds,
            preview_seconds=preview_seconds,
            policy=name,
            **knobs,
        )
        report[name] = {
            "accuracy": cv["pooled"]["accuracy"],
            "macro_f1": cv["pooled"]["macro_f1"],
            "preview_accuracy": cv["pooled_preview"]["accuracy"],
            "preview_macro_f1": cv["pooled_preview"]["macro_f1"],
        }
    return report


def _fit_split(
    X: np.ndarray,
    y: np.ndarray,
    train: np.ndarray,
    val: np.ndarray,
    genres: Sequence[str],
    hp: Hyperparameters,
    verbose: int,
) -> tuple[Any, Standardizer, dict[str, list[float]], int]:
    """Fit scaler + network on ``train`` rows, early-stopping on ``val`` rows."""
    keras = _keras()

    keras.utils.set_random_seed(hp.seed)
    scaler = Standardizer().fit(X[train])
    model = build_network(
        X.shape[1],
        len(genres),
        hidden_units=hp.hidden_units,
        dropout_rate=hp.dropout_rate,
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=hp.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    stopper = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=hp.patience, restore_best_weights=True
    )
    fit = model.fit(
        scaler.transform(X[train]).astype(np.float32),
        y[train],
        validation_data=(scaler.transform(X[val]).astype(np.float32), y[val]),
        epochs=hp.epochs,
        batch_size=hp.batch_size,
        class_weight=balanced_class_weights(y[train], n_classes=len(genres)),
        callbacks=[stopper],
        shuffle=True,
        verbose=verbose,
    )
    history = {k: [float(v) for v in values] for k, values in fit.history.items()}
    best_epoch = int(np.argmin(history["val_loss"])) + 1
    return model, scaler, history, best_epoch


def _predict(model: Any, X_scaled: np.ndarray) -> np.ndarray:
    """Softmax outputs of ``model`` for already scaled rows, as float64."""
    return np.asarray(model(X_scaled.astype(np.float32), training=False), np.float64)


def _check_data(
    X: np.ndarray,
    y: np.ndarray,
    *,
    genres: Sequence[str],
    feature_names: Sequence[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Validate shapes, labels and finiteness; return float64 X and int64 y."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if X.ndim != 2 or X.shape[1] != len(feature_names) or X.shape[0] != y.size:
        raise TrainingDataError(
            f"X {X.shape} and y {y.shape} do not fit {len(feature_names)} features"
        )
    if not np.isfinite(X).all():
        raise TrainingDataError("X holds NaN or infinite values")
    if y.size and (y.min() < 0 or y.max() >= len(genres)):
        raise TrainingDataError(f"labels must be in [0, {len(genres)})")
    counts = np.bincount(y, minlength=len(genres))
    if counts.min() < MIN_TRACKS_PER_GENRE:
        sparse = [g for g, c in zip(genres, counts, strict=True) if c < 2]
        raise TrainingDataError(f"too few tracks for genres {sparse}")
    return X, y


def _counts(y: np.ndarray, genres: Sequence[str]) -> dict[str, int]:
    counts = np.bincount(y, minlength=len(genres))
    return {g: int(c) for g, c in zip(genres, counts, strict=True)}
