"""Time ``extract_features`` against pyAudioAnalysis 0.3.14 on the same 30 s clips.

Run from the repository root: ``.venv/bin/python bench/features.py``. Both sides run in
this process on the same samples, and the values are compared. The reference is called
as its users call it (``mid_feature_extraction`` then ``beat_extraction``, the way
``directory_feature_extraction`` does for each file); it runs on one thread, so the
speedup is ours on one thread too (``threads=1``). The threaded latency, with as many
threads as this process would use (``AUDIOFILER_EXTRACT_THREADS``, the CPUs it may
run on), is reported separately and has no target.

The calls are interleaved in rounds (the reference once, then each of ours a few
times), so that a neighbour's load falls on both sides alike; each figure is a median
over all rounds. The last line is ``RESULT speedup_22k=<x> speedup_44k=<x>
threaded_22k=<ms> max_rel_diff=<x>`` (the threaded latency in milliseconds); the
exit status is 1, naming the target, when a speedup is below 20 or the largest
relative difference (vector and windows) above 1e-9.
"""

import argparse
import statistics
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import timed

from classifier.audio import extract_features, runner
from classifier.tests.audio.reference import paa_features
from classifier.tests.audio.signals import music

CLIP_S = 30.0
RATES = (22_050, 44_100)
#: Per core: ours on one thread against the single-threaded reference.
TARGET_SPEEDUP = 20.0
TARGET_REL_DIFF = 1e-9
#: Values smaller than this are compared absolutely (a relative error means nothing).
SMALL = 1e-6
#: Calls of each of ours per round (the first comes right after the reference's).
CALLS_PER_ROUND = 3


def relative_difference(ours: np.ndarray, reference: np.ndarray) -> float:
    """Largest relative difference; values below ``SMALL`` count absolutely."""
    scale = np.where(np.abs(reference) < SMALL, 1.0, np.abs(reference))
    return float(np.max(np.abs(ours - reference) / scale))


def measure(rate: int, rounds: int) -> dict[str, float]:
    """Median times (ms) of the reference, ours on one thread and ours threaded."""
    signal = music(CLIP_S, rate, seed=0)
    expected, expected_windows = paa_features(signal, rate)  # also warms it up
    worst = 0.0
    for threads in (1, None):
        features = extract_features(signal, rate, threads=threads)
        worst = max(
            worst,
            relative_difference(features.vector, expected),
            relative_difference(features.windows, expected_windows),
        )
    times = {"reference": [], "one": [], "one_after_reference": [], "threaded": []}
    for _ in range(rounds):
        times["reference"].append(timed(lambda: paa_features(signal, rate))[0])
        for call in range(CALLS_PER_ROUND):
            seconds, _ = timed(lambda: extract_features(signal, rate, threads=1))
            times["one_after_reference" if call == 0 else "one"].append(seconds)
        for _ in range(CALLS_PER_ROUND):
            times["threaded"].append(timed(lambda: extract_features(signal, rate))[0])
    ms = {name: statistics.median(values) * 1e3 for name, values in times.items()}
    ms["spread_low"], ms["spread_high"] = _ratio_spread(times, rounds)
    ms["max_rel_diff"] = worst
    return ms


def _ratio_spread(times: dict[str, list[float]], rounds: int) -> tuple[float, float]:
    """Lowest and highest per-round speedup (the reference's call over ours)."""
    warm = CALLS_PER_ROUND - 1
    ratios = [
        times["reference"][i]
        / statistics.median(times["one"][i * warm : (i + 1) * warm])
        for i in range(rounds)
    ]
    return min(ratios), max(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # pydub: no ffmpeg

    threads = runner.extract_threads()
    results = {}
    for rate in RATES:
        ms = measure(rate, args.rounds)
        results[rate] = ms
        speedup = ms["reference"] / ms["one"]
        print(
            f"{rate} Hz, {CLIP_S:g} s clip, median of {args.rounds} rounds: "
            f"pyAudioAnalysis {ms['reference']:.1f} ms; ours on 1 thread "
            f"{ms['one']:.2f} ms = {speedup:.1f}x (per round "
            f"{ms['spread_low']:.1f}-{ms['spread_high']:.1f}x; "
            f"{ms['one_after_reference']:.2f} ms right after a pyAudioAnalysis call); "
            f"ours on {threads} thread{'s' if threads > 1 else ''} "
            f"{ms['threaded']:.2f} ms"
        )
    speedups = {
        rate: results[rate]["reference"] / results[rate]["one"] for rate in RATES
    }
    worst = max(results[rate]["max_rel_diff"] for rate in RATES)
    print(
        f"RESULT speedup_22k={speedups[22_050]:.1f} speedup_44k={speedups[44_100]:.1f} "
        f"threaded_22k={results[22_050]['threaded']:.2f} max_rel_diff={worst:.2e}"
    )
    missed = [
        f"speedup_{rate // 1000}k={speedups[rate]:.1f} < {TARGET_SPEEDUP:g}"
        for rate in RATES
        if speedups[rate] < TARGET_SPEEDUP
    ]
    if worst > TARGET_REL_DIFF:
        missed.append(f"max_rel_diff={worst:.2e} > {TARGET_REL_DIFF:g}")
    if missed:
        sys.exit("target missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
