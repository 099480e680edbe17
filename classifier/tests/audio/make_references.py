"""Write the parity references: pyAudioAnalysis 0.3.14's numbers on synthetic clips.

Run from the repository root with ``.venv/bin/python
classifier/tests/audio/make_references.py``. For every case in ``CASES`` it
synthesises the clip (``signals.py``, seeded), runs the reference exactly as
``MidTermFeatures.directory_feature_extraction`` does with the genre models' settings,
and saves ``references/<case>.vector.npy`` (138 values) and
``references/<case>.windows.npy`` (n_windows x 136). Only numbers are stored; the
tests re-synthesise the audio.
"""

import sys
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np

REFERENCES = Path(__file__).resolve().parent / "references"


class Case(NamedTuple):
    signal: str
    sample_rate: int
    duration_s: float
    seed: int = 0

    @property
    def name(self) -> str:
        return f"{self.signal}-{self.sample_rate}-{self.duration_s:g}s-seed{self.seed}"


CASES: tuple[Case, ...] = (
    Case("music", 16_000, 8.0),
    Case("music", 22_050, 8.0),
    Case("music", 44_100, 8.0),
    Case("music", 48_000, 8.0),
    Case("music", 22_050, 3.5, seed=1),  # a partial last window
    Case("silence", 22_050, 3.0),
    Case("tone", 22_050, 3.0),
    Case("tone", 44_100, 2.0),
    Case("clipped", 22_050, 4.0, seed=2),
    Case("dc_offset", 22_050, 4.0, seed=3),
    Case("noise", 16_000, 2.0, seed=4),
    Case("music", 22_050, 0.3, seed=5),  # shorter than one 1 s window
    Case("music", 22_050, 0.06, seed=6),  # a single 50 ms frame
)


def reference_features(signal: np.ndarray, sample_rate: int) -> tuple[np.ndarray, ...]:
    """pyAudioAnalysis's clip vector and window matrix.

    Returns
    -------
    vector : np.ndarray [shape=(138,)]
    windows : np.ndarray [shape=(n_windows, 136)]
    """
    # peakdet uses numpy.NaN/numpy.Inf, which NumPy 2 removed.
    np.NaN, np.Inf = np.nan, np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydub's missing ffmpeg, empty means
        from pyAudioAnalysis import MidTermFeatures

        mid, short, _ = MidTermFeatures.mid_feature_extraction(
            signal,
            sample_rate,
            round(1.0 * sample_rate),
            round(1.0 * sample_rate),
            round(0.05 * sample_rate),
            round(0.05 * sample_rate),
        )
        bpm, ratio = MidTermFeatures.beat_extraction(short, 0.05)
    return np.append(mid.T.mean(axis=0), [bpm, ratio]), np.ascontiguousarray(mid.T)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from classifier.tests.audio.signals import synthesize

    REFERENCES.mkdir(exist_ok=True)
    for case in CASES:
        signal = synthesize(case.signal, case.duration_s, case.sample_rate, case.seed)
        vector, windows = reference_features(signal, case.sample_rate)
        np.save(REFERENCES / f"{case.name}.vector.npy", vector)
        np.save(REFERENCES / f"{case.name}.windows.npy", windows)
        print(f"{case.name}: {windows.shape[0]} windows")


if __name__ == "__main__":
    main()
