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


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from classifier.tests.audio.reference import paa_features
    from classifier.tests.audio.signals import synthesize

    REFERENCES.mkdir(exist_ok=True)
    for case in CASES:
        signal = synthesize(case.signal, case.duration_s, case.sample_rate, case.seed)
        vector, windows = paa_features(signal, case.sample_rate)
        np.save(REFERENCES / f"{case.name}.vector.npy", vector)
        np.save(REFERENCES / f"{case.name}.windows.npy", np.ascontiguousarray(windows))
        print(f"{case.name}: {windows.shape[0]} windows")


if __name__ == "__main__":
    main()
