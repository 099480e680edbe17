"""Time ``extract_features`` against pyAudioAnalysis 0.3.14 on the same 30 s clips.

Run from the repository root: ``.venv/bin/python bench/features.py``. Both sides run in
this process on the same samples, and the values are compared. The reference is called
as its users call it (``mid_feature_extraction`` then ``beat_extraction``, the way
``directory_feature_extraction`` does for each file); it runs on one thread, so the
speedup is ours on one thread too (``threads=1``). The threaded latency, with as many
threads as this process would use (``AUDIOFILER_EXTRACT_THREADS``, the CPUs it may
run on), is reported apart and has no target.

The speedup is a ratio of the CPU time the process spends in each call (both sides run
on one thread, so that is their work; a neighbour's load on a shared machine stretches
wall-clock time, not this). Wall-clock ratios are printed beside it. The calls are
interleaved in rounds (the reference once, then each of ours a few times, the first
right after the reference's call), and each figure is a median over all rounds.

The last line is ``RESULT speedup_22k=<x> speedup_44k=<x> threaded_22k=<ms>
max_rel_diff=<x>`` (the threaded latency in wall-clock milliseconds); the exit status
is 1, naming the target, when a speedup is below 20 or the largest relative difference
(vector and windows, both rates, both thread counts) above 1e-9.
"""

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
#: Calls of each of ours per round.
CALLS_PER_ROUND = 3


def relative_difference(ours: np.ndarray, reference: np.ndarray) -> float:
    """Largest relative difference; values below ``SMALL`` count absolutely."""
    scale = np.where(np.abs(reference) < SMALL, 1.0, np.abs(reference))
    return float(np.max(np.abs(ours - reference) / scale))


def clocked(function: Callable[[], object]) -> tuple[float, float]:
    """Process CPU seconds and wall-clock seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return time.process_time() - cpu, time.perf_counter() - wall


def measure(rate: int, rounds: int) -> dict[str, float]:
    """Medians over the rounds: CPU and wall ms of each side, and the speedups."""
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
    reference, one, threaded, ratios = [], [], [], []
    for _ in range(rounds):
        reference.append(clocked(lambda: paa_features(signal, rate)))
        ours = [
            clocked(lambda: extract_features(signal, rate, threads=1))
            for _ in range(CALLS_PER_ROUND)
        ]
        one += ours
        ratios.append(reference[-1][0] / statistics.median(cpu for cpu, _ in ours))
        threaded += [
            clocked(lambda: extract_features(signal, rate))
            for _ in range(CALLS_PER_ROUND)
        ]
    cpu_ms = {
        name: statistics.median(cpu for cpu, _ in calls) * 1e3
        for name, calls in (("reference", reference), ("one", one))
    }
    wall_ms = {
        name: statistics.median(wall for _, wall in calls) * 1e3
        for name, calls in (
            ("reference", reference),
            ("one", one),
            ("threaded", threaded),
        )
    }
    return {
        "cpu_reference": cpu_ms["reference"],
        "cpu_one": cpu_ms["one"],
        "speedup": cpu_ms["reference"] / cpu_ms["one"],
        "round_low": min(ratios),
        "round_high": max(ratios),
        "wall_reference": wall_ms["reference"],
        "wall_one": wall_ms["one"],
        "wall_speedup": wall_ms["reference"] / wall_ms["one"],
        "threaded": wall_ms["threaded"],
        "max_rel_diff": worst,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # pydub: no ffmpeg

    threads = runner.extract_threads()
    results = {rate: measure(rate, args.rounds) for rate in RATES}
    for rate, r in results.items():
        print(
            f"{rate} Hz, {CLIP_S:g} s clip, median of {args.rounds} rounds: "
            f"CPU pyAudioAnalysis {r['cpu_reference']:.0f} ms, ours on 1 thread "
            f"{r['cpu_one']:.2f} ms = {r['speedup']:.1f}x (rounds "
            f"{r['round_low']:.1f}-{r['round_high']:.1f}x); wall "
            f"{r['wall_reference']:.0f} ms vs {r['wall_one']:.2f} ms = "
            f"{r['wall_speedup']:.1f}x; ours on {threads} "
            f"thread{'s' if threads > 1 else ''}: {r['threaded']:.2f} ms wall"
        )
    speedups = {rate: results[rate]["speedup"] for rate in RATES}
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
