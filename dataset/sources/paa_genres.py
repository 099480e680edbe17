"""Read the 581 songs' feature vectors pyAudioAnalysis ships with its genre model.

pyAudioAnalysis 0.3.14 bundles ``data/models/knn_musical_genre_6``, a k-NN model of
six genres: a stream of eleven pickles written by ``audioTrainTest`` and read back by
its ``load_model_knn`` in this order — standardised feature rows, labels, mean, std,
class names, k, mid-term window, mid-term step, short-term window, short-term step
(seconds) and ``compute_beat``. The raw vectors are ``rows * std + mean``.

Pickles run code when loaded, so this reader admits only what the file needs: plain
lists, floats, ints, strings, booleans, and NumPy scalars and arrays. Everything else
is refused before anything runs. pyAudioAnalysis itself is never imported (it pulls in
matplotlib and friends); only its installed file is located.
"""

from __future__ import annotations

import importlib.util
import io
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.audio.names import FEATURE_NAMES

#: The model file inside the installed pyAudioAnalysis package.
BUNDLED_MODEL = Path("data", "models", "knn_musical_genre_6")
#: Pickles in the file, in ``load_model_knn``'s order.
PICKLE_COUNT = 11
#: Globals a NumPy scalar or array needs to be rebuilt; nothing else is admitted.
ALLOWED_GLOBALS = frozenset(
    {
        ("numpy", "dtype"),
        ("numpy", "ndarray"),
        ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)


class PaaGenresError(Exception):
    """The bundled genre set cannot be read."""


class UnsafePickleError(PaaGenresError):
    """A pickle asked for a global outside :data:`ALLOWED_GLOBALS`."""


@dataclass(frozen=True)
class PaaGenreSet:
    """The bundled genre set, de-standardised.

    Attributes
    ----------
    genres : tuple of str
        Class names in label order (Blues, Classical, Electronic, Jazz, Rap, Rock).
    X : np.ndarray [shape=(n_songs, 138)], float64
        Raw pyAudioAnalysis mid-term vectors, laid out as ``FEATURE_NAMES``.
    labels : np.ndarray [shape=(n_songs,)], int64
        Indices into ``genres``.
    mid_window_s, mid_step_s, short_window_s, short_step_s : float
        Window settings the vectors were computed with.
    compute_beat : bool
        Whether ``bpm`` and ``ratio`` were appended.
    neighbors : int
        The k-NN model's k (kept for the record).
    path : Path
    """

    genres: tuple[str, ...]
    X: np.ndarray
    labels: np.ndarray
    mid_window_s: float
    mid_step_s: float
    short_window_s: float
    short_step_s: float
    compute_beat: bool
    neighbors: int
    path: Path

    @property
    def feature_names(self) -> tuple[str, ...]:
        """Names of ``X``'s columns."""
        return FEATURE_NAMES

    def counts(self) -> dict[str, int]:
        """Songs per genre."""
        counts = np.bincount(self.labels, minlength=len(self.genres))
        return {g: int(c) for g, c in zip(self.genres, counts, strict=True)}


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that resolves only :data:`ALLOWED_GLOBALS`.

    ``find_class`` is the one door through which a pickle reaches code (``os.system``,
    ``builtins.eval`` …); refusing there stops a malicious stream before any call.
    """

    def find_class(self, module: str, name: str) -> Any:
        """Resolve an allowed NumPy global; raise :class:`UnsafePickleError` else."""
        if (module, name) not in ALLOWED_GLOBALS:
            raise UnsafePickleError(f"pickle global {module}.{name} is not allowed")
        # numpy.core is a deprecated alias of numpy._core in NumPy 2.
        return super().find_class(module.replace("numpy.core", "numpy._core"), name)


def bundled_model_path() -> Path:
    """Path of ``knn_musical_genre_6`` in the installed pyAudioAnalysis.

    Located with ``importlib.util.find_spec``, which does not import the package.
    """
    spec = importlib.util.find_spec("pyAudioAnalysis")
    if spec is None or not spec.submodule_search_locations:
        raise PaaGenresError("pyAudioAnalysis is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_MODEL


def load_pickles(data: bytes, *, count: int) -> list[Any]:
    """Load ``count`` consecutive pickles from ``data`` with the restricted unpickler.

    Raises
    ------
    UnsafePickleError
        A pickle names a global outside the allow-list.
    PaaGenresError
        Truncated or malformed stream, or bytes left over.
    """
    stream = io.BytesIO(data)
    objects = []
    for i in range(count):
        try:
            objects.append(RestrictedUnpickler(stream).load())
        except UnsafePickleError:
            raise
        except Exception as exc:  # pickle raises many types on bad bytes
            raise PaaGenresError(
                f"pickle {i + 1} of {count} unreadable: {exc}"
            ) from exc
    if stream.read(1):
        raise PaaGenresError(f"bytes left after {count} pickles")
    return objects


def load_paa_genres(path: str | Path | None = None) -> PaaGenreSet:
    """Read pyAudioAnalysis's bundled genre vectors.

    Parameters
    ----------
    path : path, optional
        A file in ``knn_musical_genre_6``'s format; defaults to the installed one.

    Returns
    -------
    PaaGenreSet

    Raises
    ------
    UnsafePickleError, PaaGenresError
    """
    path = Path(path) if path is not None else bundled_model_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PaaGenresError(f"cannot read {path}: {exc}") from exc
    rows, labels, mean, std, classes, k, *windows = load_pickles(
        data, count=PICKLE_COUNT
    )
    mid_window, mid_step, short_window, short_step, compute_beat = windows
    X = _matrix(rows, name="features")
    mean = _matrix([mean], name="mean")[0]
    std = _matrix([std], name="std")[0]
    labels = _labels(labels, n_rows=X.shape[0], n_classes=len(classes))
    if X.shape[1] != len(FEATURE_NAMES) or not mean.size == std.size == X.shape[1]:
        raise PaaGenresError(
            f"{X.shape[1]} features, expected {len(FEATURE_NAMES)} (with beat)"
        )
    if not all(isinstance(c, str) for c in classes):
        raise PaaGenresError("class names are not strings")
    return PaaGenreSet(
        genres=tuple(classes),
        X=X * std + mean,
        labels=labels,
        mid_window_s=float(mid_window),
        mid_step_s=float(mid_step),
        short_window_s=float(short_window),
        short_step_s=float(short_step),
        compute_beat=bool(compute_beat),
        neighbors=int(k),
        path=path,
    )


def _matrix(rows: Any, *, name: str) -> np.ndarray:
    """A finite float64 matrix from lists of numbers (or an array)."""
    try:
        X = np.array(rows, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise PaaGenresError(f"{name} is not a numeric matrix: {exc}") from exc
    if X.ndim != 2 or not np.isfinite(X).all():
        raise PaaGenresError(f"{name}: shape {X.shape} or non-finite values")
    return X


def _labels(labels: Any, *, n_rows: int, n_classes: int) -> np.ndarray:
    """Integer class indices from the file's float labels."""
    y = np.asarray(labels, dtype=np.float64)
    if y.shape != (n_rows,) or np.any(y != np.round(y)):
        raise PaaGenresError(f"labels: shape {y.shape} or non-integer values")
    if y.min() < 0 or y.max() >= n_classes:
        raise PaaGenresError(f"labels outside [0, {n_classes})")
    return y.astype(np.int64)
