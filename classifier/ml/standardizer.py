"""Zero-mean, unit-variance scaling fitted on the training split only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from classifier.ml.errors import ArtifactError, FeatureShapeError


@dataclass
class Standardizer:
    """Scale each column to zero mean and unit variance, scikit-learn style.

    ``fit(X_train)`` sets ``mean_`` and ``scale_`` (the population standard deviation,
    with 1.0 where a column is constant so it maps to 0 rather than to NaN).

    Examples
    --------
    >>> scaler = Standardizer().fit(np.array([[0.0, 5.0], [2.0, 5.0]]))
    >>> scaler.transform(np.array([[1.0, 5.0]]))
    array([[0., 0.]])
    """

    mean_: np.ndarray | None = field(default=None)
    scale_: np.ndarray | None = field(default=None)

    def fit(self, X: np.ndarray) -> Standardizer:
        """Learn the column means and standard deviations.

        Parameters
        ----------
        X : np.ndarray [shape=(n_samples, n_features)]
            Training rows only.

        Returns
        -------
        Standardizer
            ``self``, fitted.
        """
        X = _as_matrix(X)
        if X.shape[0] == 0:
            raise FeatureShapeError("cannot fit a Standardizer on zero rows")
        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Return ``(X - mean_) / scale_``.

        Parameters
        ----------
        X : np.ndarray [shape=(n_samples, n_features)]

        Returns
        -------
        np.ndarray [shape=(n_samples, n_features)], float64
        """
        if self.mean_ is None or self.scale_ is None:
            raise FeatureShapeError("Standardizer is not fitted; call fit() first")
        X = _as_matrix(X)
        if X.shape[1] != self.mean_.shape[0]:
            raise FeatureShapeError(
                f"expected {self.mean_.shape[0]} columns, got {X.shape[1]}"
            )
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def to_dict(self) -> dict[str, list[float]]:
        """The fitted state as JSON-ready lists."""
        if self.mean_ is None or self.scale_ is None:
            raise FeatureShapeError("Standardizer is not fitted; nothing to save")
        return {"mean": self.mean_.tolist(), "scale": self.scale_.tolist()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Standardizer:
        """Rebuild a fitted Standardizer from ``to_dict()``'s output."""
        try:
            mean = np.asarray(data["mean"], dtype=np.float64)
            scale = np.asarray(data["scale"], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as exc:
            raise ArtifactError(f"bad scaler state: {exc}") from exc
        if mean.ndim != 1 or mean.shape != scale.shape or np.any(scale <= 0):
            raise ArtifactError("bad scaler state: mean/scale shapes or values")
        return cls(mean_=mean, scale_=scale)


def _as_matrix(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise FeatureShapeError(f"expected a 2-D matrix, got shape {X.shape}")
    return X
