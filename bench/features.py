"""Time pyAudioAnalysis 0.3.14 and ``extract_features`` on the same 30 s clips.

Run from the repository root: ``.venv/bin/python bench/features.py``. Both sides run
in this process on the same samples and the values are compared. The speedup is the
ratio of medians of back-to-back calls; the time of ours right after a pyAudioAnalysis
call (cold cache, a heap the reference has churned) is printed beside it. The last line
is ``RESULT speedup_22k=<x> speedup_44k=<x> max_rel_diff=<x>``.
"""

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import repeat_ms

from classifier.audio import extract_features
from classifier.tests.audio.reference import paa_features
from classifier.tests.audio.signals import music

CLIP_S = 30.0
RATES = (22_050, 44_100)
#: Values smaller than this are compared absolutely (a relative error means nothing).
SMALL = 1e-6


def reference_vector(signal: np.ndarray, sample_rate: int) -> np.ndarray:
    """pyAudioAnalysis's vector, as ``directory_feature_extraction`` builds it."""
    return paa_features(signal, sample_rate)[0]


def relative_difference(ours: np.ndarray, reference: np.ndarray) -> float:
    """Largest relative difference; values below ``SMALL`` count absolutely."""
    scale = np.where(np.abs(reference) < SMALL, 1.0, np.abs(reference))
    return float(np.max(np.abs(ours - reference) / scale))


def ours(signal: np.ndarray, rate: int) -> np.ndarray:
    return extract_features(signal, rate).vector


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per side")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # pydub: no ffmpeg

    speedups, worst = {}, 0.0
    for rate in RATES:
        signal = music(CLIP_S, rate, seed=0)
        reference_vector(signal, rate)  # warm both up (imports, plans, caches)
        ours(signal, rate)
        # Each side back to back (a worker classifying clip after clip) ...
        ref_ms, expected = repeat_ms(
            reference_vector, signal, rate, repeats=args.repeats
        )
        our_ms, actual = repeat_ms(ours, signal, rate, repeats=args.repeats)
        worst = max(worst, relative_difference(actual, expected))
        speedups[rate] = ref_ms / our_ms
        # ... and alternating, where each call starts with the other's cache and heap.
        alternating = []
        for _ in range(args.repeats):
            reference_vector(signal, rate)
            alternating.append(repeat_ms(ours, signal, rate, repeats=1)[0])
        print(
            f"{rate} Hz, {CLIP_S:g} s clip (median of {args.repeats}): "
            f"pyAudioAnalysis {ref_ms:.1f} ms, ours {our_ms:.2f} ms "
            f"({np.median(alternating):.2f} ms right after a pyAudioAnalysis call), "
            f"speedup {speedups[rate]:.1f}x ({ref_ms / np.median(alternating):.1f}x)"
        )
    print(
        f"RESULT speedup_22k={speedups[22_050]:.1f} speedup_44k={speedups[44_100]:.1f} "
        f"max_rel_diff={worst:.2e}"
    )


if __name__ == "__main__":
    main()
