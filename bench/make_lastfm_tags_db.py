"""Write a full-scale synthetic ``lastfm_tags.db`` in the Last.fm dataset's schema.

The real file (the MSD's Last.fm tags) has 505,216 tracks, 522,366 distinct tags and
8,598,630 ``tid_tag`` rows; this one has exactly as many, in the same tables joined
on ROWID, with the same indexes::

    tids(tid TEXT), tags(tag TEXT), tid_tag(tid INT, tag INT, val FLOAT)

Tags follow a Zipf-like popularity (the head holds real Last.fm tag names, genre
words among them, so the vocabulary finds genres and conflicts as in the real data;
the tail is "tag<n>"); every tag is used at least once; a track's tags are distinct
and its strongest has weight 100. Deterministic for a seed.

    python bench/make_lastfm_tags_db.py [--out var/bench/lastfm_tags.db] [--seed 0]
"""

import argparse
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

N_TRACKS = 505_216
N_TAGS = 522_366
N_ROWS = 8_598_630
CHUNK_TRACKS = 20_000
ZIPF_EXPONENT = 1.1
#: The most popular tags of the real data set, roughly in order.
HEAD_TAGS = (
    "rock", "pop", "alternative", "indie", "electronic", "female vocalists",
    "favorites", "Love", "dance", "00s", "alternative rock", "jazz", "beautiful",
    "metal", "chillout", "male vocalists", "classic rock", "soul", "indie rock",
    "Mellow", "electronica", "80s", "folk", "british", "90s", "chill", "american",
    "instrumental", "punk", "oldies", "seen live", "blues", "hard rock", "cover",
    "Awesome", "ambient", "acoustic", "experimental", "country", "hip-hop", "70s",
    "easy listening", "Hip-Hop", "rnb", "reggae", "pop rock", "funk", "heavy metal",
    "singer-songwriter", "hip hop", "classical", "House", "techno", "rap", "latin",
    "trip-hop", "punk rock", "Soundtrack", "emo", "progressive rock", "new age",
    "world", "death metal", "Progressive metal", "trance", "RnB", "swing", "bossa nova",
)  # fmt: skip
SCHEMA = """
CREATE TABLE tids (tid TEXT);
CREATE TABLE tags (tag TEXT);
CREATE TABLE tid_tag (tid INT, tag INT, val FLOAT);
"""
INDEXES = """
CREATE INDEX idx_tid_tag_tid ON tid_tag (tid);
CREATE INDEX idx_tid_tag_tag ON tid_tag (tag);
CREATE INDEX idx_tids_tid ON tids (tid);
CREATE INDEX idx_tags_tag ON tags (tag);
"""


def track_id(n: int) -> str:
    """An MSD-shaped track id: "TR" + 16 upper-case letters and digits."""
    return f"TR{n:07X}{(n * 2654435761) % 16**9:09X}"


def tags_per_track(rng: np.random.Generator) -> np.ndarray:
    """How many tags each track has: >= 1, skewed, summing to exactly N_ROWS."""
    counts = 1 + rng.negative_binomial(1, 1 / 17.0, size=N_TRACKS)
    counts = np.minimum(counts, 100)
    diff = N_ROWS - int(counts.sum())
    while diff:
        picks = rng.integers(0, N_TRACKS, size=abs(diff))
        step = 1 if diff > 0 else -1
        np.add.at(counts, picks, step)
        counts = np.clip(counts, 1, 100)
        diff = N_ROWS - int(counts.sum())
    return counts


def tag_rows(
    counts: np.ndarray, first: int, rng: np.random.Generator, cdf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(tid rowid, tag rowid, weight) rows of tracks ``first..first+len(counts)``."""
    n = int(counts.sum())
    tids = np.repeat(np.arange(first, first + len(counts)) + 1, counts)
    tags = np.searchsorted(cdf, rng.random(n)) + 1
    # Make each track's tags distinct: redraw duplicates from the whole range.
    for _ in range(20):
        order = np.lexsort((tags, tids))
        dup = np.zeros(n, dtype=bool)
        dup[order[1:]] = (tids[order[1:]] == tids[order[:-1]]) & (
            tags[order[1:]] == tags[order[:-1]]
        )
        if not dup.any():
            break
        tags[dup] = rng.integers(1, N_TAGS + 1, size=int(dup.sum()))
    weights = rng.integers(1, 100, size=n).astype(np.float64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    weights[starts] = 100.0  # a track's top tag
    return tids, tags, weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="var/bench/lastfm_tags.db")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--force", action="store_true", help="Rewrite an existing file."
    )
    args = parser.parse_args()
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"{out} exists (--force to write it again)")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    db = sqlite3.connect(partial)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    names = list(HEAD_TAGS) + [f"tag{n}" for n in range(len(HEAD_TAGS), N_TAGS)]
    db.executemany("INSERT INTO tags VALUES (?)", ((name,) for name in names))
    db.executemany(
        "INSERT INTO tids VALUES (?)", ((track_id(n),) for n in range(N_TRACKS))
    )
    popularity = 1.0 / np.arange(1, N_TAGS + 1) ** ZIPF_EXPONENT
    cdf = np.cumsum(popularity) / popularity.sum()
    counts = tags_per_track(rng)
    # Every tag at least once: the tail tags' first use goes to random tracks.
    unused = np.arange(1, N_TAGS + 1)
    for first in range(0, N_TRACKS, CHUNK_TRACKS):
        chunk = counts[first : first + CHUNK_TRACKS]
        tids, tags, weights = tag_rows(chunk, first, rng, cdf)
        if unused.size:  # spread the tags nobody drew over this chunk's rows
            slots = rng.choice(
                tids.size, size=min(unused.size, tids.size // 4), replace=False
            )
            starts = np.concatenate([[0], np.cumsum(chunk)[:-1]])
            slots = np.setdiff1d(slots, starts)  # keep each top tag
            taken = unused[: slots.size]
            clash = np.isin(taken, tags[np.isin(tids, tids[slots])])
            slots, taken = slots[~clash], taken[~clash]
            tags[slots] = taken
            unused = np.setdiff1d(unused, taken)
        db.executemany(
            "INSERT INTO tid_tag VALUES (?, ?, ?)",
            zip(tids.tolist(), tags.tolist(), weights.tolist(), strict=True),
        )
        print(
            f"\r{first + len(chunk):,} / {N_TRACKS:,} tracks", end="", file=sys.stderr
        )
    db.executescript(INDEXES)
    db.commit()
    rows = db.execute("SELECT COUNT(*) FROM tid_tag").fetchone()[0]
    used = db.execute("SELECT COUNT(DISTINCT tag) FROM tid_tag").fetchone()[0]
    db.close()
    partial.replace(out)
    print(file=sys.stderr)
    print(
        f"{out}: {N_TRACKS:,} tracks, {N_TAGS:,} tags ({used:,} used), {rows:,} "
        f"tag rows in {time.perf_counter() - started:.0f} s"
    )
    return 0 if rows == N_ROWS else 1


if __name__ == "__main__":
    sys.exit(main())
