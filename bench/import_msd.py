"""import_msd at full MSD scale into PostgreSQL, against row-by-row ORM inserts.

The full-scale synthetic ``lastfm_tags.db`` (505,216 tracks, 522,366 tags, 8,598,630
tag rows; ``bench/make_lastfm_tags_db.py`` writes it when missing) is imported whole
with ``msd_import`` (COPY into temporary tables, then INSERT ... ON CONFLICT). The
reference, timed in the same run on the first ``--slice`` tracks of the same file
read the same way, writes each track, tag and label with its own ``objects.create``
inside one transaction (no per-row commit), then rolls back. Rows are tracks + tag
rows + labels on both sides. Peak RSS is the process's (``ru_maxrss``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/audiofiler_dataset \\
        python bench/import_msd.py

Targets: speedup >= 20, peak RSS <= 1024 MB. The database's dataset tables are
emptied first: use a database of its own.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/audiofiler_dataset"
SPEEDUP_TARGET = 20.0
RSS_TARGET_MB = 1024.0
EXPECTED = {"tracks": 505_216, "tags": 8_598_630}


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ["DJANGO_SETTINGS_MODULE"] = "audiofiler.settings.base"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/import_msd.py measures COPY: set DATABASE_URL to PostgreSQL")
    call_command("migrate", verbosity=0)


def empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE dataset_label, dataset_tracktag, dataset_extraction, "
            "dataset_featurevector, dataset_feedback, dataset_track, dataset_buildrun "
            "RESTART IDENTITY CASCADE"
        )


def orm_reference(path: Path, n_tracks: int) -> tuple[int, float]:
    """Rows written and seconds taken by one ``create`` per row (rolled back)."""
    from django.db import transaction

    from dataset.models import Genre, Label, Track, TrackTag
    from dataset.sources.msd_sqlite import read_lastfm_tags_db
    from dataset.sources.records import TaggedTrack
    from dataset.sources.vocabulary import Vocabulary

    vocabulary = Vocabulary()
    rows = 0
    started = time.perf_counter()
    with transaction.atomic():
        genres: dict[str, Genre] = {}
        for record in read_lastfm_tags_db(path):
            if not isinstance(record, TaggedTrack):
                continue
            track = Track.objects.create(source="msd", msd_id=record.msd_id)
            for tag, weight in record.tags:
                TrackTag.objects.create(track=track, tag=tag, weight=weight)
            rows += 1 + len(record.tags)
            outcome = vocabulary.assign(record.tags)
            if outcome.reason is None:
                if outcome.genre not in genres:
                    genres[outcome.genre], _ = Genre.objects.get_or_create(
                        name=outcome.genre
                    )
                Label.objects.create(
                    track=track, genre=genres[outcome.genre], origin="tags"
                )
                rows += 1
            if record.position >= n_tracks:
                break
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return rows, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(REPO / "var/bench/lastfm_tags.db"))
    parser.add_argument("--slice", type=int, default=3000, help="ORM tracks")
    args = parser.parse_args()
    path = Path(args.file)
    if not path.exists():
        subprocess.run(
            [sys.executable, str(REPO / "bench/make_lastfm_tags_db.py"), "--out", path],
            check=True,
        )
    setup_django()
    empty_tables()
    from dataset.models import Label, Track, TrackTag
    from dataset.services.msd import msd_import

    orm_rows, orm_s = orm_reference(path, args.slice)
    orm_rate = orm_rows / orm_s
    print(
        f"ORM row by row: {orm_rows:,} rows in {orm_s:.1f} s = {orm_rate:,.0f} rows/s"
    )

    started = time.perf_counter()
    runs = msd_import(tags=str(path), resume=False)
    seconds = time.perf_counter() - started
    counts = runs["tags"].counts
    rows = counts["tracks"] + counts["tags"] + counts["labels"]
    rate = rows / seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stored = {"tracks": Track.objects.count(), "tags": TrackTag.objects.count()}
    print(
        f"bulk import: {rows:,} rows ({counts['tracks']:,} tracks, {counts['tags']:,} "
        f"tags, {counts['labels']:,} labels) in {seconds:.0f} s = {rate:,.0f} rows/s"
    )
    print(f"stored: {stored}, labels {Label.objects.count():,}")
    print(f"genres: { {g: c.get('kept', 0) for g, c in counts['genres'].items()} }")
    speedup = rate / orm_rate
    failed = []
    if stored != EXPECTED:
        failed.append(f"stored {stored}, expected {EXPECTED}")
    if speedup < SPEEDUP_TARGET:
        failed.append(f"speedup {speedup:.1f} < {SPEEDUP_TARGET:g}")
    if peak_mb > RSS_TARGET_MB:
        failed.append(f"peak RSS {peak_mb:.0f} MB > {RSS_TARGET_MB:g} MB")
    for message in failed:
        print(f"TARGET MISSED: {message}")
    print(
        f"RESULT speedup={speedup:.1f} peak_rss_mb={peak_mb:.0f} rows_per_s={rate:.0f}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
