"""The NumPy runtime of the genre network: what web workers load (no TensorFlow).

The forward pass repeats Keras's inference: ``x @ kernel + bias`` per dense layer,
ReLU on the hidden ones; dropout is inactive at inference. The last layer's
pre-activation is the logits, and the probabilities are ``softmax(logits / T)`` with
the artifact's calibrated temperature ``T`` (``T = 1`` is exactly the Keras softmax).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.ml.artifacts import load_metadata, load_weights
from classifier.ml.calibration import softmax
from classifier.ml.errors import (
    ArtifactError,
    ExtractorMismatchError,
    FeatureShapeError,
    NonFiniteFeaturesError,
)
from classifier.ml.robust import FeaturePolicy
from classifier.ml.standardizer import Standardizer


@dataclass(frozen=True)
class DenseLayer:
    """One dense layer: ``activation(x @ kernel + bias)``.

    Attributes
    ----------
    kernel : np.ndarray [shape=(n_in, n_out)]
    bias : np.ndarray [shape=(n_out,)]
    activation : {"relu", "softmax", "linear"}
    """

    kernel: np.ndarray
    bias: np.ndarray
    activation: str

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Apply the layer to rows ``x`` [shape=(n, n_in)] -> [shape=(n, n_out)]."""
        z = x @ self.kernel + self.bias
        if self.activation == "relu":
            return np.maximum(z, 0.0)
        if self.activation == "softmax":
            return softmax(z)
        return z


def dense_stack(
    specs: Sequence[dict[str, Any]], arrays: dict[str, np.ndarray]
) -> list[DenseLayer]:
    """Float64 layers from ``artifacts.dense_layers``'s specs and arrays.

    Raises
    ------
    KeyError, TypeError
        A spec names an array that is missing, or lacks a key.
    """
    return [
        DenseLayer(
            kernel=arrays[spec["kernel"]].astype(np.float64),
            bias=arrays[spec["bias"]].astype(np.float64),
            activation=spec["activation"],
        )
        for spec in specs
    ]


def network_logits(layers: Sequence[DenseLayer], x: np.ndarray) -> np.ndarray:
    """Pre-activation of the last layer for scaled inputs ``x``.

    Parameters
    ----------
    layers : sequence of DenseLayer
        The network; the last one's activation is not applied.
    x : np.ndarray [shape=(n, n_in)]

    Returns
    -------
    np.ndarray [shape=(n, n_out)], float64
    """
    *hidden, last = layers
    for layer in hidden:
        x = layer(x)
    return x @ last.kernel + last.bias


class GenrePredictor:
    """Genre probabilities for full extractor vectors, from an artifact.

    Parameters
    ----------
    layers : sequence of DenseLayer
    standardizer : Standardizer
        Fitted on the policy's columns.
    genres : sequence of str
    feature_names : sequence of str
        The full vector layout accepted (138 names).
    extractor_version : str
    policy : FeaturePolicy
        Columns of the full vector the network uses.
    temperature : float
        The softmax divides the logits by it (1: uncalibrated).
    metadata : dict, optional
        The artifact's ``metadata.json``.
    """

    def __init__(
        self,
        *,
        layers: Sequence[DenseLayer],
        standardizer: Standardizer,
        genres: Sequence[str],
        feature_names: Sequence[str],
        extractor_version: str,
        policy: FeaturePolicy,
        temperature: float = 1.0,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._layers = tuple(layers)
        self._standardizer = standardizer
        self._genres = tuple(genres)
        self._feature_names = tuple(feature_names)
        self._extractor_version = extractor_version
        self._policy = policy
        self._columns = policy.indices(self._feature_names)
        self._temperature = float(temperature)
        self.metadata = metadata or {}
        self._check_shapes()

    @classmethod
    def from_directory(cls, path: str | Path) -> GenrePredictor:
        """Load ``weights.npz`` + ``metadata.json`` of an artifact directory."""
        metadata = load_metadata(path)
        arrays = load_weights(path)
        try:
            layers = dense_stack(metadata["layers"], arrays)
            policy = FeaturePolicy.from_dict(metadata["feature_policy"])
        except (KeyError, TypeError) as exc:
            raise ArtifactError(f"{path}: inconsistent artifact: {exc}") from exc
        return cls(
            layers=layers,
            standardizer=Standardizer.from_dict(metadata["scaler"]),
            genres=metadata["genres"],
            feature_names=metadata["feature_names"],
            extractor_version=metadata["extractor_version"],
            policy=policy,
            temperature=metadata["temperature"],
            metadata=metadata,
        )

    @property
    def genres(self) -> tuple[str, ...]:
        """Genre names in output order."""
        return self._genres

    @property
    def extractor_version(self) -> str:
        """The only extractor version whose features this model accepts."""
        return self._extractor_version

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The full vector layout ``predict_proba`` takes."""
        return self._feature_names

    @property
    def policy(self) -> FeaturePolicy:
        """The feature columns the network uses."""
        return self._policy

    @property
    def temperature(self) -> float:
        """The calibrated softmax temperature."""
        return self._temperature

    def _scaled(self, X: np.ndarray) -> np.ndarray:
        """Checked full vectors -> the standardised columns the network reads."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != len(self._feature_names):
            raise FeatureShapeError(
                f"expected {len(self._feature_names)} features per row, "
                f"got shape {X.shape}"
            )
        if not np.isfinite(X).all():
            raise NonFiniteFeaturesError("features hold NaN or infinite values")
        return self._standardizer.transform(X[:, self._columns])

    def embed(self, X: np.ndarray) -> np.ndarray:
        """The penultimate layer's activations: where the network places a clip.

        Parameters
        ----------
        X : np.ndarray [shape=(n, n_features) or (n_features,)]

        Returns
        -------
        np.ndarray [shape=(n, n_hidden_last)], float64

        Raises
        ------
        FeatureShapeError, NonFiniteFeaturesError
        """
        x = self._scaled(X)
        for layer in self._layers[:-1]:
            x = layer(x)
        return x

    def logits(self, X: np.ndarray) -> np.ndarray:
        """The network's last-layer pre-activation for full extractor vectors.

        Parameters
        ----------
        X : np.ndarray [shape=(n, n_features) or (n_features,)]

        Returns
        -------
        np.ndarray [shape=(n, n_genres)], float64

        Raises
        ------
        FeatureShapeError, NonFiniteFeaturesError
        """
        return network_logits(self._layers, self._scaled(X))

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated genre probabilities, ``softmax(logits / T)``.

        Parameters
        ----------
        X : np.ndarray [shape=(n, n_features) or (n_features,)]
            ``n_features = len(self.feature_names)`` (138).

        Returns
        -------
        np.ndarray [shape=(n, n_genres)], float64
            Rows sum to 1, columns in ``self.genres`` order.

        Raises
        ------
        FeatureShapeError, NonFiniteFeaturesError
        """
        return softmax(self.logits(X), self._temperature)

    def predict(
        self, vector: np.ndarray, *, extractor_version: str
    ) -> dict[str, float]:
        """Probabilities of one track's vector, by genre.

        Parameters
        ----------
        vector : np.ndarray [shape=(n_features,)]
        extractor_version : str
            Version that computed ``vector``; must equal ``self.extractor_version``.

        Returns
        -------
        dict of str -> float
            Genre -> probability, in ``self.genres`` order.

        Raises
        ------
        ExtractorMismatchError
            ``extractor_version`` differs from the model's.
        """
        if extractor_version != self._extractor_version:
            raise ExtractorMismatchError(
                f"features from extractor {extractor_version!r}, but the model "
                f"was trained on {self._extractor_version!r}"
            )
        vector = np.asarray(vector, dtype=np.float64)
        if vector.ndim != 1:
            raise FeatureShapeError(f"expected one vector, got shape {vector.shape}")
        proba = self.predict_proba(vector)[0]
        return {g: float(p) for g, p in zip(self._genres, proba, strict=True)}

    def _check_shapes(self) -> None:
        width = len(self._columns)
        for layer in self._layers:
            if layer.kernel.shape != (width, layer.bias.size):
                raise ArtifactError(f"kernel {layer.kernel.shape} after width {width}")
            width = layer.bias.size
        if width != len(self._genres) or self._layers[-1].activation != "softmax":
            raise ArtifactError("the last layer must be a softmax over the genres")
        if not (np.isfinite(self._temperature) and self._temperature > 0):
            raise ArtifactError(f"temperature must be > 0, got {self._temperature}")
        if self._standardizer.mean_ is None or self._standardizer.mean_.size != len(
            self._columns
        ):
            raise ArtifactError("scaler width differs from the policy's columns")
