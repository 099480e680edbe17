"""Import the Million Song Dataset's tags, metadata, HDF5 files and label files.

Each source is one resumable build run (``import_msd:<step>``). Tags (Last.fm's
``lastfm_tags.db`` or JSON, the HDF5 files' artist terms) create the tracks, store
every tag and give a track a label (origin "tags") when the vocabulary finds one
genre clearly ahead; label files give labels directly; metadata
(``track_metadata.db``, ``unique_tracks.txt``) completes tracks that exist.
"""

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dataset.models import BuildRun, Label, TrackTag
from dataset.services.bulk import (
    copy_new,
    insert_ignore,
    msd_track_ids,
    msd_tracks_upsert,
)
from dataset.services.bundled import genres_ensure
from dataset.services.imports import run_source
from dataset.sources.lastfm_json import read_lastfm_json
from dataset.sources.msd_h5 import H5Song, read_h5_folder
from dataset.sources.msd_sqlite import (
    is_sqlite,
    read_lastfm_tags_db,
    read_track_metadata_db,
)
from dataset.sources.records import GenreLabel, TaggedTrack, TrackInfo
from dataset.sources.text_files import read_label_file, read_unique_tracks
from dataset.sources.vocabulary import Vocabulary

logger = logging.getLogger(__name__)

CHUNK_SIZE = 10_000
TAG_MAX_LENGTH = 255
LASTFM_TAGS = "lastfm"
MSD_TERMS = "msd_terms"


class _Genres:
    """Genre ids by name, created on first use, cached across chunks."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, names: Iterable[str]) -> dict[str, int]:
        missing = set(names) - set(self.ids)
        if missing:
            self.ids.update({g: r.pk for g, r in genres_ensure(missing).items()})
        return self.ids


def _tag_writer(vocabulary: Vocabulary, source: str) -> Callable[[list], dict]:
    genres = _Genres()

    def write(records: list[TaggedTrack]) -> dict[str, Any]:
        tagged = [r for r in records if r.tags]
        counts: dict[str, Any] = {"no tags": len(records) - len(tagged)}
        ids, created = msd_tracks_upsert(
            [{"msd_id": r.msd_id, "artist": r.artist, "title": r.title} for r in tagged]
        )
        fields = ["track_id", "tag", "weight", "source"]
        new, old = [], []
        for record in tagged:
            rows = new if record.msd_id in created else old
            # One row per tag: the first of duplicates wins (as ON CONFLICT keeps).
            track = ids[record.msd_id]
            weights = {}
            for tag, weight in record.tags:
                weights.setdefault(tag[:TAG_MAX_LENGTH], weight)
            rows.extend((track, tag, w, source) for tag, w in weights.items())
        copy_new(TrackTag, fields, new)
        insert_ignore(TrackTag, fields, old)
        report: dict[str, dict[str, int]] = {}
        labels = []
        for record in tagged:
            outcome = vocabulary.assign(record.tags)
            if outcome.genre is None:
                counts["no genre tag"] = counts.get("no genre tag", 0) + 1
                continue
            line = report.setdefault(outcome.genre, {})
            key = outcome.reason or "kept"
            line[key] = line.get(key, 0) + 1
            if outcome.reason is None:
                labels.append((ids[record.msd_id], outcome.genre))
        genre_ids = genres(g for _, g in labels)
        label_rows = [(t, genre_ids[g], Label.Origin.TAGS) for t, g in labels]
        new_tracks = {ids[m] for m in created}
        fields = ["track_id", "genre_id", "origin"]
        copy_new(Label, fields, [r for r in label_rows if r[0] in new_tracks])
        insert_ignore(Label, fields, [r for r in label_rows if r[0] not in new_tracks])
        counts.update(
            tracks=len(tagged),
            tags=len(new) + len(old),
            labels=len(labels),
            genres=report,
        )
        return counts

    return write


def _label_writer(vocabulary: Vocabulary) -> Callable[[list], dict]:
    genres = _Genres()

    def write(records: list[GenreLabel]) -> dict[str, Any]:
        counts: dict[str, Any] = {"genres": {}, "unmapped": {}}
        kept = []
        for record in records:
            genre = vocabulary.genre_of(record.genre)
            if genre is None:
                counts["unmapped"][record.genre] = (
                    counts["unmapped"].get(record.genre, 0) + 1
                )
            else:
                kept.append((record.msd_id, genre))
                line = counts["genres"].setdefault(genre, {})
                line["kept"] = line.get("kept", 0) + 1
        ids, _ = msd_tracks_upsert([{"msd_id": msd_id} for msd_id, _ in kept])
        genre_ids = genres(g for _, g in kept)
        insert_ignore(
            Label,
            ["track_id", "genre_id", "origin"],
            ((ids[m], genre_ids[g], Label.Origin.TAGS) for m, g in kept),
        )
        counts.update(labels=len(kept), tracks=len(ids))
        return counts

    return write


def _metadata_rows(records: list[TrackInfo], *, existing_only: bool) -> list[dict]:
    rows = [
        {
            "msd_id": r.msd_id,
            "artist": r.artist,
            "title": r.title,
            "album": r.album,
            "year": r.year,
            "duration_s": r.duration_s,
        }
        for r in records
    ]
    if existing_only:
        known = msd_track_ids([row["msd_id"] for row in rows])
        rows = [row for row in rows if row["msd_id"] in known]
    return rows


def _metadata_write(records: list[TrackInfo]) -> dict[str, Any]:
    rows = _metadata_rows(records, existing_only=True)
    if rows:
        msd_tracks_upsert(rows)
    return {"read": len(records), "matched": len(rows)}


def _h5_writer(vocabulary: Vocabulary) -> Callable[[list], dict]:
    tags = _tag_writer(vocabulary, MSD_TERMS)

    def write(records: list[H5Song]) -> dict[str, Any]:
        msd_tracks_upsert(
            _metadata_rows([r.info for r in records], existing_only=False)
        )
        return tags([r.terms for r in records])

    return write


def msd_import(
    *,
    tags: str | None = None,
    metadata: str | None = None,
    h5: str | None = None,
    labels: Iterable[str] = (),
    vocabulary: Vocabulary | None = None,
    limit: int | None = None,
    resume: bool = True,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[str], Callable[[int], None]] | None = None,
) -> dict[str, BuildRun]:
    """Import whichever MSD sources are given; return each step's finished run.

    ``progress(kind)`` returns a callback taking the number of records written.
    """
    vocabulary = vocabulary or Vocabulary()
    rules = {
        "genres": sorted(vocabulary.genres),
        "min_weight": vocabulary.min_weight,
        "margin": vocabulary.margin,
    }
    common = {
        "limit": limit,
        "resume": resume,
        "progress": progress,
        "chunk_size": chunk_size,
    }
    runs: dict[str, BuildRun] = {}
    if tags:
        reader = read_lastfm_tags_db if is_sqlite(tags) else read_lastfm_json
        writer = _tag_writer(vocabulary, LASTFM_TAGS)
        runs["tags"] = run_source(
            "import_msd:tags", tags, reader, writer, arguments=rules, **common
        )
    for label_file in labels:
        runs[f"labels:{Path(label_file).name}"] = run_source(
            "import_msd:labels",
            label_file,
            read_label_file,
            _label_writer(vocabulary),
            arguments={"genres": rules["genres"]},
            **common,
        )
    if h5:
        runs["h5"] = run_source(
            "import_msd:h5", h5, read_h5_folder, _h5_writer(vocabulary),
            arguments=rules, **common,
        )  # fmt: skip
    if metadata:
        reader = read_track_metadata_db if is_sqlite(metadata) else read_unique_tracks
        runs["metadata"] = run_source(
            "import_msd:metadata", metadata, reader, _metadata_write,
            arguments={}, **common,
        )  # fmt: skip
    return runs
