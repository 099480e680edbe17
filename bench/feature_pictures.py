"""What the feature pictures add to a classification, against its feature extraction.

Run from the repository root: ``.venv/bin/python bench/feature_pictures.py``. A 30 s
synthetic song (mp3, 44.1 kHz stereo) is decoded once, as a classification decodes
it; then, in interleaved rounds, the classification's feature extraction
(``extract_features`` on one thread: the work it does) and the pictures drawn from
the same samples and short-term matrix, down to the JSON-ready dict the database
keeps (``clip_pictures(...).to_dict()``). Each figure is the median over the rounds,
of process CPU time (a neighbour's load on a shared machine stretches wall-clock
time, not this); wall-clock medians are printed beside them. The size of the stored
and sent pictures is printed too, as JSON and gzipped.

The last line is ``RESULT pictures_ms=<x> extraction_ms=<x> ratio=<x>
json_kb=<x>``; the exit status is 1 when the pictures cost more than
``TARGET_RATIO`` of the extraction.
"""

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import CLIP_S, make_mp3
from classifier.audio import decode_audio, extract_features
from classifier.audio.pictures import clip_pictures

#: The pictures may cost at most this share of the extraction they come with.
TARGET_RATIO = 0.25


def clocked(function: Callable[[], object]) -> tuple[float, float]:
    """Process CPU seconds and wall-clock seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60, help="Interleaved rounds.")
    args = parser.parse_args()

    signal, rate = decode_audio(make_mp3(CLIP_S), max_seconds=600)
    features = extract_features(signal, rate, threads=1)
    pictures = clip_pictures(signal, rate, features.short_term).to_dict()  # warm
    text = json.dumps(pictures).encode()

    timings = {"extraction": [], "pictures": []}
    for _ in range(args.rounds):
        timings["extraction"].append(
            clocked(lambda: extract_features(signal, rate, threads=1))
        )
        timings["pictures"].append(
            clocked(lambda: clip_pictures(signal, rate, features.short_term).to_dict())
        )
    cpu = {k: statistics.median(c for c, _ in v) * 1000 for k, v in timings.items()}
    wall = {k: statistics.median(w for _, w in v) * 1000 for k, v in timings.items()}
    ratio = cpu["pictures"] / cpu["extraction"]
    print(f"{CLIP_S:.0f} s clip at {rate} Hz, {args.rounds} interleaved rounds")
    for name in ("extraction", "pictures"):
        print(
            f"  {name:<10} {cpu[name]:6.2f} ms CPU (median), "
            f"{wall[name]:6.2f} ms wall-clock"
        )
    print(f"  pictures / extraction: {ratio:.3f} (target <= {TARGET_RATIO})")
    print(
        f"  stored and sent: {len(text) / 1024:.1f} KiB of JSON, "
        f"{len(gzip.compress(text)) / 1024:.1f} KiB gzipped"
    )
    print(
        f"RESULT pictures_ms={cpu['pictures']:.2f} "
        f"extraction_ms={cpu['extraction']:.2f} ratio={ratio:.3f} "
        f"json_kb={len(text) / 1024:.1f}"
    )
    if ratio > TARGET_RATIO:
        print(f"missed: pictures cost {ratio:.0%} of the extraction", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
