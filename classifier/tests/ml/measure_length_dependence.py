"""Measure which of the 138 values depend on the clip's length (a script, not a test).

Run ``.venv/bin/python -m classifier.tests.ml.measure_length_dependence``. It builds
seeded synthetic songs (a chord per beat plus a noise "kick"), extracts the 138 values
with pyAudioAnalysis 0.3.14 itself from crops of 10 s, 30 s and 90 s cut mid-song, the
whole 120 s, and the whole song padded with 1 s of digital silence at each end (as
ripped tracks are), and prints, per feature group, how far each length moves the
values, in units of the 30 s values' spread across songs. The delta means of mid-song
crops spread like ``1 / length`` (``30 / L`` of the 30 s spread: 3 at 10 s, 0.33 at
90 s) and vanish with silent ends; the other groups do not scale with length. The
conclusions are recorded in ``classifier/ml/robust.py``.
"""

import numpy as np

from classifier.audio.names import (
    ANALYSIS_RATE,
    FEATURE_NAMES,
)
from classifier.tests.audio.reference import paa_features

N_SONGS = 8
SONG_SECONDS = 120.0
CROP_SECONDS = (10.0, 30.0, 90.0)
SHOWN = ("10s", "90s", "120s", "pad")
SILENCE_SECONDS = 1.0


def synthetic_song(seed: int, *, seconds: float = SONG_SECONDS) -> np.ndarray:
    """Return a seeded int16-scaled song: random chords on a beat, a noise kick."""
    rng = np.random.default_rng(seed)
    n = int(seconds * ANALYSIS_RATE)
    t = np.arange(n) / ANALYSIS_RATE
    bpm = rng.uniform(80, 160)
    beat = 60.0 / bpm
    signal = np.zeros(n)
    for start in np.arange(0.0, seconds, beat):
        i0 = int(start * ANALYSIS_RATE)
        i1 = min(n, i0 + int(beat * ANALYSIS_RATE))
        tt = t[i0:i1] - start
        freqs = 110.0 * 2 ** (rng.integers(0, 36, size=3) / 12)
        chord = sum(np.sin(2 * np.pi * f * tt) for f in freqs) * np.exp(-3 * tt)
        kick = rng.standard_normal(i1 - i0) * np.exp(-30 * tt)
        signal[i0:i1] += 0.2 * chord + 0.5 * kick
    signal += 0.01 * rng.standard_normal(n)
    return 8000.0 * signal / np.abs(signal).max()


def paa_vector(signal: np.ndarray) -> np.ndarray:
    """The 138 values pyAudioAnalysis's ``directory_feature_extraction`` computes."""
    return paa_features(signal, ANALYSIS_RATE)[0]


def main() -> None:
    """Print the length-shift of each feature group, in 30 s spreads."""
    variants: dict[str, list[np.ndarray]] = {
        k: [] for k in ("10s", "30s", "90s", "120s", "pad")
    }
    for seed in range(N_SONGS):
        song = synthetic_song(seed)
        rng = np.random.default_rng(1000 + seed)
        for crop in CROP_SECONDS:
            n = int(crop * ANALYSIS_RATE)
            start = rng.integers(0, song.size - n)
            variants[f"{crop:.0f}s"].append(paa_vector(song[start : start + n]))
        variants["120s"].append(paa_vector(song))
        pad = np.zeros(int(SILENCE_SECONDS * ANALYSIS_RATE))
        variants["pad"].append(paa_vector(np.concatenate([pad, song, pad])))
    stacked = {k: np.array(v) for k, v in variants.items()}
    ref = stacked["30s"]
    spread = ref.std(axis=0) + 1e-300
    names = np.array(FEATURE_NAMES)
    groups = {
        "x_mean": [
            i for i, n in enumerate(names) if n.endswith("_mean") and "delta" not in n
        ],
        "delta x_mean": [
            i
            for i, n in enumerate(names)
            if n.startswith("delta") and n.endswith("_mean")
        ],
        "x_std": [
            i for i, n in enumerate(names) if n.endswith("_std") and "delta" not in n
        ],
        "delta x_std": [
            i
            for i, n in enumerate(names)
            if n.startswith("delta") and n.endswith("_std")
        ],
        "bpm": [136],
        "ratio": [137],
    }
    print(f"{'group':14s} " + " ".join(f"{k:>22s}" for k in SHOWN))
    print(f"{'':14s} " + " ".join(f"{'|shift|/sd  sd/sd30':>22s}" for _ in SHOWN))
    for group, idx in groups.items():
        cells = []
        for k in SHOWN:
            shift = (
                np.abs(stacked[k][:, idx].mean(0) - ref[:, idx].mean(0)) / spread[idx]
            )
            ratio = stacked[k][:, idx].std(0) / spread[idx]
            cells.append(f"{np.median(shift):10.2f} {np.median(ratio):10.3f}")
        print(f"{group:14s} " + " ".join(f"{c:>22s}" for c in cells))
    print(
        "max |delta x_mean| (pad):",
        np.abs(stacked["pad"][:, groups["delta x_mean"]]).max(),
    )
    print("max |delta x_mean| (30s):", np.abs(ref[:, groups["delta x_mean"]]).max())
    print(
        "bpm values:", {k: np.round(v[:, 136], 1).tolist() for k, v in stacked.items()}
    )


if __name__ == "__main__":
    main()
