"""Each genre's typical values of a few features a musician follows, and a clip's
place among them.

At training time :func:`genre_profiles` records, per genre of the training data, the
mean and standard deviation of the :data:`TRAITS`' feature columns (the artifact keeps
them as ``metadata["genre_profiles"]``). At serving time :func:`clip_profile` puts a
clip's own values against them as z-scores, ``(value - genre mean) / genre std``, and
says in words what stands out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Format of ``metadata["genre_profiles"]``.
PROFILE_FORMAT = 1
#: Within this many standard deviations of a genre's mean counts as "close to" it.
CLOSE_Z = 1.0
#: Beyond this many standard deviations the difference is "much" larger.
MUCH_Z = 2.0
#: Most other genres a clip is contrasted with in words.
MAX_CONTRASTS = 3


@dataclass(frozen=True)
class Trait:
    """A feature column described for people.

    ``scale`` turns the stored value into ``unit``: ``"nyquist"`` multiplies by half
    the sample rate (the spectral centroid is a fraction of it), ``"rate"`` by the
    sample rate (the zero-crossing rate is per sample), a number by itself.
    """

    key: str
    label: str
    feature: str
    more: str  # the comparative when the clip's value is higher
    less: str
    unit: str
    scale: str | float = 1.0
    meaning: str = ""


TRAITS: tuple[Trait, ...] = (
    Trait(
        "brightness",
        "Brightness",
        "spectral_centroid_mean",
        "brighter",
        "darker",
        "Hz",
        "nyquist",
        "the spectrum's centre of mass: high for cymbals and distortion, low for bass",
    ),
    Trait(
        "noisiness",
        "Noisiness",
        "zcr_mean",
        "noisier",
        "smoother",
        "crossings/s",
        "rate",
        "how often the wave crosses zero: high for hiss, snares and distortion",
    ),
    Trait(
        "beat_strength",
        "Beat strength",
        "ratio",
        "more beat-driven",
        "less beat-driven",
        "%",
        100.0,
        "how many of the sound's pulses fall on the one main beat",
    ),
    Trait(
        "tempo",
        "Tempo",
        "bpm",
        "faster",
        "slower",
        "BPM",
        1.0,
        "the most common gap between pulses, in beats per minute",
    ),
    Trait(
        "loudness_variation",
        "Loudness variation",
        "energy_std",
        "more dynamic",
        "more even in loudness",
        "",
        1.0,
        "how much the loudness moves within each second",
    ),
)
PROFILE_FEATURES: tuple[str, ...] = tuple(trait.feature for trait in TRAITS)


def genre_profiles(
    X: np.ndarray,
    y: np.ndarray,
    genres: Sequence[str],
    feature_names: Sequence[str],
    *,
    features: Sequence[str] = PROFILE_FEATURES,
) -> dict:
    """Mean and standard deviation of some feature columns, per genre.

    Parameters
    ----------
    X : np.ndarray [shape=(n_samples, len(feature_names))]
        The training data's full feature vectors.
    y : np.ndarray [shape=(n_samples,)], int
        Indices into ``genres``.
    genres, feature_names : sequence of str
    features : sequence of str
        The columns to describe (those of ``feature_names`` present; others are left
        out).

    Returns
    -------
    dict
        ``{"format", "features", "per_genre": {genre: {"tracks", "mean": {feature:
        value}, "std": {...}}}}``; the standard deviation is the population one
        (``np.std``, ``ddof=0``).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    kept = [name for name in features if name in feature_names]
    columns = [list(feature_names).index(name) for name in kept]
    per_genre = {}
    for index, genre in enumerate(genres):
        rows = X[y == index][:, columns]
        if not len(rows):
            continue
        per_genre[genre] = {
            "tracks": len(rows),
            "mean": dict(zip(kept, map(float, rows.mean(axis=0)), strict=True)),
            "std": dict(zip(kept, map(float, rows.std(axis=0)), strict=True)),
        }
    return {"format": PROFILE_FORMAT, "features": kept, "per_genre": per_genre}


def clip_profile(
    vector: np.ndarray,
    feature_names: Sequence[str],
    profiles: Mapping,
    *,
    genres: Sequence[str],
    sample_rate: int,
) -> dict:
    """A clip's traits against each genre's training profile, with words.

    Parameters
    ----------
    vector : np.ndarray [shape=(len(feature_names),)]
        The clip's full feature vector.
    feature_names : sequence of str
    profiles : mapping
        :func:`genre_profiles`' result.
    genres : sequence of str
        The genres to compare with, most likely first (the first is the answer).
    sample_rate : int
        The analysis rate, to put the rate-relative values in Hz.

    Returns
    -------
    dict
        ``{"genre", "traits": [{"trait", "label", "meaning", "feature", "unit",
        "value", "genres": [{"genre", "mean", "std", "z"}], "words"}], "summary":
        [sentences]}``; values and means in the trait's unit; ``z`` is None where a
        genre's values did not vary (or it has no profile).
    """
    per_genre = profiles["per_genre"]
    genres = [genre for genre in genres if genre in per_genre]
    traits = []
    for trait in TRAITS:
        if trait.feature not in profiles["features"]:
            continue
        value = float(vector[list(feature_names).index(trait.feature)])
        scale = _scale(trait, sample_rate)
        rows = []
        for genre in genres:
            mean = per_genre[genre]["mean"][trait.feature]
            std = per_genre[genre]["std"][trait.feature]
            z = (value - mean) / std if std > 0 else None
            rows.append(
                {
                    "genre": genre,
                    "mean": _round(mean * scale),
                    "std": _round(std * scale),
                    "z": None if z is None else round(z, 2),
                }
            )
        traits.append(
            {
                "trait": trait.key,
                "label": trait.label,
                "meaning": trait.meaning,
                "feature": trait.feature,
                "unit": trait.unit,
                "value": _round(value * scale),
                "genres": rows,
                "words": _phrase(trait, rows[0]["z"], rows[0]["genre"])
                if rows
                else None,
            }
        )
    return {
        "genre": genres[0] if genres else None,
        "traits": traits,
        "summary": _summary(traits, genres),
    }


def degree(z: float | None) -> str:
    """``"close"``, ``"little"``, ``"clear"`` or ``"much"`` for a z-score."""
    if z is None or abs(z) < CLOSE_Z / 2:
        return "close"
    if abs(z) < CLOSE_Z:
        return "little"
    return "clear" if abs(z) < MUCH_Z else "much"


def _phrase(trait: Trait, z: float | None, genre: str) -> str:
    """``"much brighter than typical Rock"``, ``"close to typical Rock"``."""
    if z is None:
        return f"no spread to compare with in {genre}"
    comparative = trait.more if z > 0 else trait.less
    prefix = {"close": "", "little": "a little ", "clear": "", "much": "much "}
    if degree(z) == "close":
        return f"close to typical {genre}"
    return f"{prefix[degree(z)]}{comparative} than typical {genre}"


def _summary(traits: list[dict], genres: Sequence[str]) -> list[str]:
    """What made it its top genre, then how it differs from the next ones."""
    if not genres or not traits:
        return []
    top = genres[0]
    close, far = [], []
    for trait in traits:
        z = trait["genres"][0]["z"]
        (far if z is not None and abs(z) >= CLOSE_Z else close).append(trait)
    sentences = []
    if close:
        labels = _join([trait["label"].lower() for trait in close])
        sentences.append(f"Close to typical {top} in {labels}.")
    if far:
        phrases = _join([_comparative(trait, 0) for trait in far])
        lead = "But " if close else ""
        sentences.append(_sentence(f"{lead}{phrases} than typical {top}."))
    for index in range(1, min(len(genres), MAX_CONTRASTS + 1)):
        apart = [
            trait
            for trait in traits
            if trait["genres"][index]["z"] is not None
            and abs(trait["genres"][index]["z"]) >= CLOSE_Z
        ]
        apart.sort(key=lambda trait: -abs(trait["genres"][index]["z"]))
        if apart:
            phrases = _join([_comparative(trait, index) for trait in apart[:2]])
            sentences.append(_sentence(f"{phrases} than typical {genres[index]}."))
    return sentences


def _comparative(trait: dict, index: int) -> str:
    spec = next(t for t in TRAITS if t.key == trait["trait"])
    z = trait["genres"][index]["z"]
    word = spec.more if z > 0 else spec.less
    return f"much {word}" if degree(z) == "much" else word


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _scale(trait: Trait, sample_rate: int) -> float:
    if trait.scale == "nyquist":
        return sample_rate / 2.0
    if trait.scale == "rate":
        return float(sample_rate)
    return float(trait.scale)


def _round(value: float) -> float:
    """Four significant digits: enough for a table, short in JSON."""
    return float(f"{value:.4g}")
