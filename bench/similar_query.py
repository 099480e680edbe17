"""Exact similar-track search at its limit: 100,000 random 64-value embeddings.

Builds the index the app builds (``NeighbourIndex``, cosine, float32), then times
queries of k = 10 neighbours, one at a time, as the API runs them; reports the
median and worst time per query, the index's memory (vectors and norms) and the
process's peak resident memory, the CPU time per query (on a busy machine the
wall time includes waiting for a core), and the ``.npz`` size stored in the
database. Also times the merge of one new result (what a process does when a
result was stored since the index was built). Exits 1 if the worst query takes more than
``--max-ms`` (50 ms).

    .venv/bin/python bench/similar_query.py [--rows 100000] [--dims 64] [--queries 200]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import exit_if_missed, memory_kib
from classifier.ml.neighbours import MAX_EXACT_ROWS, NeighbourIndex

MIB = 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=MAX_EXACT_ROWS, help="Tracks.")
    parser.add_argument("--dims", type=int, default=64, help="Embedding width.")
    parser.add_argument("--queries", type=int, default=200, help="Queries timed.")
    parser.add_argument("--k", type=int, default=10, help="Neighbours per query.")
    parser.add_argument(
        "--max-ms", type=float, default=50.0, help="Target: the slowest query."
    )
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    # ReLU activations are non-negative: so are these. One row short of the limit,
    # so that a new track can be merged in.
    n = args.rows - 1
    E = np.maximum(rng.normal(size=(n, args.dims)), 0).astype(np.float32)
    keys = [f"track:{i}" for i in range(n)]
    before = memory_kib()["VmRSS"]
    started = time.perf_counter()
    index = NeighbourIndex(E, keys, [f"t:{i}" for i in range(n)])
    build_s = time.perf_counter() - started
    built = memory_kib()["VmRSS"]  # the index alone, with its keys
    stored = index.to_bytes()
    queries = np.maximum(rng.normal(size=(args.queries, args.dims)), 0)
    index.search(queries[0], k=args.k)  # warm
    times, cpu = [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        index.search(q, k=args.k, exclude=["track:0"])
        times.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
    t0 = time.perf_counter()
    NeighbourIndex.from_bytes(stored)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.merged(queries[:1], ["track:1"], ["c:new"])  # a newer result of a track
    replace_ms = (time.perf_counter() - t0) * 1e3
    t0 = time.perf_counter()
    index.merged(queries[1:2], ["local:new.mp3"], ["c:new2"])  # a new track
    merge_ms = (time.perf_counter() - t0) * 1e3
    memory = memory_kib()
    median, worst = statistics.median(times), max(times)
    print(f"{args.rows:,} tracks x {args.dims} float32, cosine, k={args.k}")
    print(
        f"build {build_s:.2f} s, load from the stored bytes {load_s:.2f} s; merging "
        f"one result: {replace_ms:.0f} ms (a known track), {merge_ms:.0f} ms (new)"
    )
    print(f"query median {median:.2f} ms, p95 {np.percentile(times, 95):.2f} ms, "
          f"worst {worst:.2f} ms over {len(times)}")  # fmt: skip
    # CPU time tells a slow search from a busy machine (wall time waits for a core).
    print(
        f"query CPU time median {statistics.median(cpu):.2f} ms, "
        f"worst {max(cpu):.2f} ms"
    )
    print(
        f"index {index.nbytes / MIB:.1f} MB in memory; stored .npz "
        f"{len(stored) / MIB:.1f} MB; the built index with its keys +"
        f"{(built - before) / 1024:.0f} MB resident; process RSS "
        f"{memory['VmRSS'] / 1024:.0f} MB, peak {memory['VmHWM'] / 1024:.0f} MB"
    )
    print(
        f"RESULT {median:.2f} ms per query (worst {worst:.2f} ms, target "
        f"<= {args.max_ms:g} ms), index {index.nbytes / MIB:.1f} MB"
    )
    missed = []
    if worst > args.max_ms:
        missed.append(f"worst query {worst:.1f} ms > {args.max_ms:g} ms")
    exit_if_missed(missed)


if __name__ == "__main__":
    main()
