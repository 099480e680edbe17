"""Deterministic test signals: music-like clips and edge cases, int16-scaled float64.

The parity references (``make_references.py``) store only feature values; the tests
re-synthesise the same clips from the same names, rates and seeds with these functions.
"""

from collections.abc import Callable

import numpy as np

#: int16 full scale.
FULL_SCALE = 32767.0
TEMPO_BPM = 120.0
#: A minor, F major, C major, G major: root frequencies of the bass, in Hz.
CHORD_ROOTS_HZ = (110.0, 87.31, 130.81, 98.0)
#: Major/minor triad intervals in semitones.
TRIADS = ((0, 3, 7), (0, 4, 7), (0, 4, 7), (0, 4, 7))


def _envelope(n: int, sample_rate: int, decay_s: float) -> np.ndarray:
    return np.exp(-np.arange(n) / (decay_s * sample_rate))


def _add(out: np.ndarray, start: int, sound: np.ndarray) -> None:
    stop = min(len(out), start + len(sound))
    if start < stop:
        out[start:stop] += sound[: stop - start]


def music(duration_s: float, sample_rate: int, *, seed: int = 0) -> np.ndarray:
    """Drums, bass and chords at 120 bpm, with seeded variations.

    Parameters
    ----------
    duration_s : float
    sample_rate : int
    seed : int

    Returns
    -------
    np.ndarray [shape=(round(duration_s * sample_rate),), dtype=float64]
        Int16-scaled, peak below full scale.
    """
    rng = np.random.default_rng(seed)
    n = round(duration_s * sample_rate)
    out = np.zeros(n)
    beat = round(60.0 / TEMPO_BPM * sample_rate)
    t_beat = np.arange(beat) / sample_rate
    for index, start in enumerate(range(0, n, beat)):
        velocity = 0.8 + 0.2 * rng.random()
        kick = np.sin(2 * np.pi * (50 + 100 * np.exp(-t_beat * 30)) * t_beat)
        if index % 2 == 0:
            _add(out, start, velocity * 0.6 * kick * _envelope(beat, sample_rate, 0.08))
        else:
            snare = rng.standard_normal(beat) * _envelope(beat, sample_rate, 0.05)
            _add(out, start, velocity * 0.35 * snare)
        hat = np.diff(rng.standard_normal(beat // 4 + 1))
        hat *= _envelope(len(hat), sample_rate, 0.01)
        _add(out, start + beat // 2, 0.15 * hat)
        chord = (index // 4) % len(CHORD_ROOTS_HZ)
        root = CHORD_ROOTS_HZ[chord] * (2 if rng.random() < 0.25 else 1)
        phase = 2 * np.pi * root * t_beat
        bass = np.sign(np.sin(phase)) * 0.5 + np.sin(phase)
        _add(out, start, 0.12 * bass * _envelope(beat, sample_rate, 0.3))
        for interval in TRIADS[chord]:
            freq = 2 * CHORD_ROOTS_HZ[chord] * 2 ** (interval / 12)
            tone = np.sin(2 * np.pi * freq * t_beat + rng.uniform(0, 2 * np.pi))
            _add(out, start, 0.06 * tone * _envelope(beat, sample_rate, 0.6))
    return out / np.max(np.abs(out)) * 0.9 * FULL_SCALE


def silence(duration_s: float, sample_rate: int, *, seed: int = 0) -> np.ndarray:
    """All zeros."""
    return np.zeros(round(duration_s * sample_rate))


def tone(duration_s: float, sample_rate: int, *, seed: int = 0) -> np.ndarray:
    """A 440 Hz sine at half scale."""
    t = np.arange(round(duration_s * sample_rate)) / sample_rate
    return 0.5 * FULL_SCALE * np.sin(2 * np.pi * 440.0 * t)


def clipped(duration_s: float, sample_rate: int, *, seed: int = 0) -> np.ndarray:
    """The music clip driven four times past full scale and clipped."""
    return np.clip(4 * music(duration_s, sample_rate, seed=seed), -32768, 32767)


def dc_offset(duration_s: float, sample_rate: int, *, seed: int = 0) -> np.ndarray:
    """The music clip at a quarter scale on top of a constant offset."""
    return 0.25 * music(duration_s, sample_rate, seed=seed) + 8000.0


def noise(duration_s: float, sample_rate: int, *, seed: int = 0) -> np.ndarray:
    """Seeded white noise at a tenth of full scale."""
    rng = np.random.default_rng(seed)
    return 0.1 * FULL_SCALE * rng.standard_normal(round(duration_s * sample_rate))


SIGNALS: dict[str, Callable[..., np.ndarray]] = {
    "music": music,
    "silence": silence,
    "tone": tone,
    "clipped": clipped,
    "dc_offset": dc_offset,
    "noise": noise,
}


def synthesize(name: str, duration_s: float, sample_rate: int, seed: int) -> np.ndarray:
    """The named signal (a key of ``SIGNALS``)."""
    return SIGNALS[name](duration_s, sample_rate, seed=seed)
