"""Clip-length handling: which of the 138 values the network may see.

Training vectors may come from whole songs, while users send 30 s previews. In
pyAudioAnalysis 0.3.14 the mean of a delta feature over one 1 s window (20 frames of
0.05 s) is ``(f[last] - f[first - 1]) / 20``, and because the windows are contiguous
the average over the clip's ``K`` windows telescopes to about
``(f[end] - f[start]) / (20 K)``: it says how the clip's first and last frames differ,
divided by its length. It carries no genre, shrinks like ``1 / length``, and is
exactly zero for a ripped track that starts and ends in digital silence. In the 581
bundled vectors that happens for 77 % of Classical and 91 % of Jazz rows but 13 % of
Electronic ones, a shortcut a 30 s preview (cut mid-music) never shows.

The ``length_invariant`` policy (the default) therefore drops the 34 ``delta <x>_mean``
values. The other 104 are averages of per-window statistics (means and standard
deviations of 20 frames), stationary in the clip's length, plus the beat estimate and
its confidence, which are histogram argmax / ratio values (normalised by the frame
count) and so do not scale with length either; measured by
``classifier/tests/ml/measure_length_dependence.py``.

The policy travels in the artifact; the predictor always takes the full 138 values and
selects the policy's columns itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from classifier.audio.names import FEATURE_NAMES
from classifier.ml.errors import FeatureShapeError

#: The 34 window-averaged delta means: ``(f[end] - f[start]) / n_frames``.
LENGTH_DEPENDENT_FEATURES: tuple[str, ...] = tuple(
    name
    for name in FEATURE_NAMES
    if name.startswith("delta ") and name.endswith("_mean")
)

#: The policy new models train with.
DEFAULT_POLICY = "length_invariant"


@dataclass(frozen=True)
class FeaturePolicy:
    """Which named features a model uses, out of the full extractor vector.

    Attributes
    ----------
    name : str
        ``"all"`` or ``"length_invariant"``.
    feature_names : tuple of str
        The used features, in extractor order.
    dropped : tuple of str
        The extractor's features the model ignores.
    reason : str
        Why, for the artifact's metadata.
    """

    name: str
    feature_names: tuple[str, ...]
    dropped: tuple[str, ...]
    reason: str

    def indices(self, all_names: Sequence[str] = FEATURE_NAMES) -> np.ndarray:
        """Column indices of the used features within ``all_names``.

        Returns
        -------
        np.ndarray [shape=(n_used,)], int64
        """
        position = {name: i for i, name in enumerate(all_names)}
        missing = [n for n in self.feature_names if n not in position]
        if missing:
            raise FeatureShapeError(f"features missing from the vector: {missing[:3]}")
        return np.array([position[n] for n in self.feature_names], dtype=np.int64)

    def select(
        self, X: np.ndarray, all_names: Sequence[str] = FEATURE_NAMES
    ) -> np.ndarray:
        """Keep the used columns of full extractor vectors.

        Parameters
        ----------
        X : np.ndarray [shape=(n_samples, len(all_names))]

        Returns
        -------
        np.ndarray [shape=(n_samples, len(self.feature_names))]
        """
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != len(all_names):
            raise FeatureShapeError(
                f"expected shape (n, {len(all_names)}), got {X.shape}"
            )
        return X[:, self.indices(all_names)]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for ``metadata.json``."""
        return {
            "name": self.name,
            "feature_names": list(self.feature_names),
            "dropped": list(self.dropped),
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FeaturePolicy:
        """Rebuild a policy from ``to_dict()``'s output."""
        return cls(
            name=str(data["name"]),
            feature_names=tuple(data["feature_names"]),  # type: ignore[arg-type]
            dropped=tuple(data["dropped"]),  # type: ignore[arg-type]
            reason=str(data["reason"]),
        )


def feature_policy(
    name: str = DEFAULT_POLICY, *, all_names: Sequence[str] = FEATURE_NAMES
) -> FeaturePolicy:
    """Return a named policy over ``all_names``.

    Parameters
    ----------
    name : {"length_invariant", "all"}
        ``length_invariant`` drops :data:`LENGTH_DEPENDENT_FEATURES`; ``all`` keeps
        every value.
    all_names : sequence of str
        The extractor's feature names, in order.
    """
    if name == "all":
        return FeaturePolicy(name, tuple(all_names), (), "every extractor value")
    if name == "length_invariant":
        dropped = tuple(n for n in all_names if n in LENGTH_DEPENDENT_FEATURES)
        used = tuple(n for n in all_names if n not in LENGTH_DEPENDENT_FEATURES)
        reason = (
            "delta means average to (last - first frame) / n_frames: they encode "
            "the clip's length and its silent ends, not its genre"
        )
        return FeaturePolicy(name, used, dropped, reason)
    raise ValueError(f"unknown feature policy {name!r}")
