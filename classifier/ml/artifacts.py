"""Save and read a model artifact: the network, its scaler and genres, together.

A directory holds ``model.keras`` (for Keras and further training), ``weights.npz``
(each dense layer's kernel and bias, for the NumPy predictor) and ``metadata.json``
(everything else, and where the model came from). ``metadata.json`` is written last,
so a directory without it is an unfinished artifact.

Format 2 adds ``temperature``: the predictor divides the last layer's logits by it
before the softmax (see ``classifier.ml.calibration``). Format 1 artifacts, written
before calibration existed, still load, with ``temperature`` 1 (no change).
"""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from classifier.ml.errors import ArtifactError
from classifier.ml.robust import FeaturePolicy
from classifier.ml.standardizer import Standardizer

FORMAT_VERSION = 2
#: Formats ``load_metadata`` reads; 1 lacks ``temperature`` (read as 1.0).
READABLE_FORMATS = (1, 2)
MODEL_FILE = "model.keras"
WEIGHTS_FILE = "weights.npz"
METADATA_FILE = "metadata.json"
#: Keras layers the NumPy runtime can reproduce; the others make saving fail.
SUPPORTED_ACTIVATIONS = ("relu", "softmax", "linear")
_IGNORED_AT_INFERENCE = ("InputLayer", "Dropout")
_REQUIRED_KEYS = (
    "format_version",
    "genres",
    "feature_names",
    "extractor_version",
    "feature_policy",
    "scaler",
    "layers",
)


def save_artifact(
    directory: str | Path,
    *,
    model: Any,
    standardizer: Standardizer,
    genres: Sequence[str],
    feature_names: Sequence[str],
    extractor_version: str,
    policy: FeaturePolicy,
    metrics: dict[str, Any],
    history: dict[str, list[float]],
    data_counts: dict[str, Any],
    seed: int,
    hyperparameters: dict[str, Any],
    temperature: float = 1.0,
    git_commit: str | None = None,
    extra: dict[str, Any] | None = None,
    genre_profiles: dict[str, Any] | None = None,
) -> Path:
    """Write ``model.keras``, ``weights.npz`` and ``metadata.json`` into ``directory``.

    Parameters
    ----------
    directory : path
        Created if missing; must not already hold an artifact.
    model : keras.Model
        Dense/Dropout layers only, taking ``standardizer``-scaled policy columns.
    standardizer : Standardizer
        Fitted on the policy's columns of the training split.
    genres : sequence of str
        Output order of the softmax.
    feature_names : sequence of str
        The extractor's full vector layout (138 names); the predictor takes this.
    extractor_version : str
        Features from any other version are refused.
    policy : FeaturePolicy
        The columns of ``feature_names`` the model uses.
    metrics, history, data_counts, hyperparameters : dict
        Stored as given (JSON-serialisable).
    seed : int
    temperature : float
        Softmax temperature the predictor applies to the logits (> 0).
    git_commit : str, optional
        Defaults to ``git rev-parse HEAD`` of this checkout, or None.
    extra : dict, optional
        Anything else to record (cross-validation, clip-length report).
    genre_profiles : dict, optional
        ``classifier.ml.profiles.genre_profiles`` of the training data, kept as
        ``metadata["genre_profiles"]`` (what feature pictures compare a clip with).

    Returns
    -------
    Path
        The artifact directory.
    """
    directory = Path(directory)
    if (directory / METADATA_FILE).exists():
        raise ArtifactError(f"{directory} already holds an artifact")
    layers, arrays = dense_layers(model)
    if layers[-1]["activation"] != "softmax":
        raise ArtifactError("the last layer must be a softmax")
    _check_temperature(temperature, directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.save(directory / MODEL_FILE)
    np.savez(directory / WEIGHTS_FILE, **arrays)
    metadata = {
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "genres": list(genres),
        "feature_names": list(feature_names),
        "extractor_version": extractor_version,
        "feature_policy": policy.to_dict(),
        "scaler": standardizer.to_dict(),
        "layers": layers,
        "temperature": float(temperature),
        "metrics": metrics,
        "history": history,
        "data_counts": data_counts,
        "seed": seed,
        "git_commit": git_commit if git_commit is not None else current_git_commit(),
        "hyperparameters": hyperparameters,
        "extra": extra or {},
    }
    if genre_profiles is not None:
        metadata["genre_profiles"] = genre_profiles
    text = json.dumps(metadata, indent=2, default=_json_default)
    (directory / METADATA_FILE).write_text(text, encoding="utf-8")
    return directory


def dense_layers(model: Any) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
    """Kernels, biases and activations of a Keras model's dense layers.

    Returns
    -------
    layers : list of dict
        ``{"kernel": key, "bias": key, "activation": name, "units": int}`` in order.
    arrays : dict of str -> np.ndarray
        ``kernel_i`` [shape=(n_in, n_out)] and ``bias_i`` [shape=(n_out,)], float32.
    """
    layers: list[dict[str, Any]] = []
    arrays: dict[str, np.ndarray] = {}
    for layer in model.layers:
        kind = type(layer).__name__
        if kind in _IGNORED_AT_INFERENCE:
            continue
        activation = layer.get_config().get("activation") if kind == "Dense" else None
        if kind != "Dense" or activation not in SUPPORTED_ACTIVATIONS:
            raise ArtifactError(
                f"unsupported layer {layer.name}: {kind}, activation {activation}"
            )
        kernel, bias = layer.get_weights()
        i = len(layers)
        arrays[f"kernel_{i}"] = np.asarray(kernel)
        arrays[f"bias_{i}"] = np.asarray(bias)
        layers.append(
            {
                "kernel": f"kernel_{i}",
                "bias": f"bias_{i}",
                "activation": activation,
                "units": int(kernel.shape[1]),
            }
        )
    if not layers:
        raise ArtifactError("the model has no dense layers")
    return layers, arrays


def load_metadata(directory: str | Path) -> dict[str, Any]:
    """Read and check ``metadata.json`` of an artifact directory.

    Returns
    -------
    dict
        The metadata; a format 1 artifact gets ``temperature`` 1.0.

    Raises
    ------
    ArtifactError
        Missing or unreadable file, an unknown format version, missing keys, a
        temperature that is not a positive number.
    """
    path = Path(directory) / METADATA_FILE
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"cannot read {path}: {exc}") from exc
    if not isinstance(metadata, dict):
        raise ArtifactError(f"{path} does not hold an object")
    version = metadata.get("format_version")
    if version not in READABLE_FORMATS:
        raise ArtifactError(
            f"{path}: format {version!r}, expected one of {READABLE_FORMATS}"
        )
    if version == 1:
        metadata.setdefault("temperature", 1.0)
    missing = [key for key in (*_REQUIRED_KEYS, "temperature") if key not in metadata]
    if missing:
        raise ArtifactError(f"{path} lacks {missing}")
    _check_temperature(metadata["temperature"], path)
    return metadata


def load_weights(directory: str | Path) -> dict[str, np.ndarray]:
    """Read ``weights.npz`` (no pickles allowed) into a dict of arrays."""
    path = Path(directory) / WEIGHTS_FILE
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"cannot read {path}: {exc}") from exc


def current_git_commit(cwd: str | Path | None = None) -> str | None:
    """``git rev-parse HEAD`` of the checkout, or None outside a git tree."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=cwd or Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _check_temperature(value: Any, where: Path) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise ArtifactError(f"{where}: temperature must be > 0, got {value!r}")


def _json_default(value: Any) -> Any:
    """Serialise NumPy scalars/arrays and tuples that metrics may carry."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
