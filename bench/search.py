"""Benchmark the local library's search on 10,000 tagged files.

Writes a short mp3 once, copies it 10,000 times into a temporary folder with distinct
ID3 title/artist/album tags (mutagen), builds the index, then times a few hundred
searches of 1-3 letter and word prefixes. The last line is
``RESULT search_p95_ms=<x>`` (the target is <= 50).

Usage: ``.venv/bin/python bench/search.py [--files N] [--queries N]``
"""

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from mutagen.easyid3 import EasyID3
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.audio.encode import encode_audio
from classifier.providers.local import LocalLibraryProvider

TARGET_P95_MS = 50.0
WORDS = [
    "midnight",
    "blue",
    "river",
    "city",
    "love",
    "night",
    "dream",
    "fire",
    "heart",
    "rain",
    "summer",
    "golden",
    "electric",
    "shadow",
    "silver",
    "wild",
    "ocean",
    "black",
    "white",
    "sweet",
    "lonely",
    "broken",
    "morning",
    "dancing",
    "velvet",
    "crystal",
    "thunder",
    "paper",
    "echo",
    "neon",
    "desert",
    "winter",
    "garden",
    "highway",
    "señorita",
    "café",
    "déjà",
    "vu",
    "über",
    "naïve",
    "jalapeño",
    "smörgåsbord",
    "coração",
]
FIRST = [
    "Miles",
    "John",
    "Billie",
    "Ella",
    "Nina",
    "Björk",
    "Sigur",
    "Daft",
    "Massive",
    "Aphex",
    "Röyksopp",
    "Amy",
]
LAST = [
    "Davis",
    "Coltrane",
    "Holiday",
    "Fitzgerald",
    "Simone",
    "Punk",
    "Attack",
    "Twin",
    "Rós",
    "Band",
    "Orchestra",
]


def make_library(root: Path, n_files: int, rng: random.Random) -> None:
    """Write ``n_files`` tagged copies of a 0.1 s mp3 under ``root``."""
    t = np.arange(2205) / 22_050
    clip = encode_audio(0.2 * np.sin(2 * np.pi * 440 * t), 22_050, "mp3")
    template = root / "template.mp3"
    template.write_bytes(clip)
    for i in tqdm(range(n_files), desc="writing files", file=sys.stderr):
        artist = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i % 97}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        album = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        path = root / artist / f"{i:05d}.mp3"
        path.parent.mkdir(exist_ok=True)
        shutil.copyfile(template, path)
        tags = EasyID3()
        tags.update({"title": title, "artist": artist, "album": album})
        tags.save(path)
    template.unlink()


def make_queries(n_queries: int, rng: random.Random) -> list[str]:
    """1-3 letter prefixes, whole and partial words, two-word queries."""
    vocabulary = [w.lower() for w in WORDS + FIRST + LAST]
    queries = []
    for i in range(n_queries):
        word = rng.choice(vocabulary)
        kind = i % 4
        if kind == 0:
            queries.append(word[: rng.randint(1, 3)])
        elif kind == 1:
            queries.append(word[: max(1, len(word) - rng.randint(0, 2))])
        elif kind == 2:
            queries.append(f"{word} {rng.choice(vocabulary)[:2]}")
        else:
            queries.append(f"{rng.choice(vocabulary)[:3]} {word[:1]} {word}")
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="files to generate")
    parser.add_argument("--queries", type=int, default=400, help="searches to time")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="audiofiler-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        make_library(root, args.files, rng)
        print(f"generated {args.files} files in {time.perf_counter() - started:.1f} s")

        library = LocalLibraryProvider(root, refresh_interval_s=3600)
        started = time.perf_counter()
        library.refresh()
        print(f"index: {len(library)} tracks in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        reread = library.refresh()
        print(
            f"rescan without changes: {time.perf_counter() - started:.3f} s "
            f"({reread} files re-read)"
        )

        timings_ms = []
        hits = 0
        for query in make_queries(args.queries, rng):
            started = time.perf_counter()
            results = library.search(query, limit=10)
            timings_ms.append((time.perf_counter() - started) * 1000)
            hits += bool(results)
        timings_ms.sort()
        p95 = timings_ms[int(0.95 * (len(timings_ms) - 1))]
        print(
            f"{len(timings_ms)} searches ({hits} with results): "
            f"median {statistics.median(timings_ms):.2f} ms, "
            f"p95 {p95:.2f} ms, max {timings_ms[-1]:.2f} ms "
            f"(target p95 <= {TARGET_P95_MS:g} ms)"
        )
        print(f"RESULT search_p95_ms={p95:.2f}")


if __name__ == "__main__":
    main()
