"""Import a labelled folder: each audio file a track, its folder's name its label.

A track is keyed by the sha256 of its bytes, so importing the folder again (or after
moving it) adds nothing; a moved file gets its new path. The same bytes under two
genre folders give the track two labels, which training leaves out as a conflict.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dataset.models import BuildRun, Label, Track
from dataset.services.bulk import insert_ignore
from dataset.services.bundled import genres_ensure
from dataset.services.imports import run_source
from dataset.sources.folder import (
    FolderClip,
    clip_names,
    content_digest,
    read_labelled_folder,
)

CHUNK_SIZE = 200
DIGEST_PREFIX = "sha256:"


def _write(clips: list[FolderClip]) -> dict[str, Any]:
    rows = []
    for clip in clips:
        artist, title = clip_names(clip.path)
        key = DIGEST_PREFIX + content_digest(clip.path)
        rows.append((key, str(clip.path), artist[:512], title[:512], clip.genre))
    insert_ignore(
        Track,
        ["source", "external_id", "local_path", "artist", "title"],
        ((Track.Source.FOLDER, key, path, a, t) for key, path, a, t, _ in rows),
    )
    tracks = {
        t.external_id: t
        for t in Track.objects.filter(
            source=Track.Source.FOLDER, external_id__in=[r[0] for r in rows]
        )
    }
    moved = []
    for key, path, *_ in rows:
        if tracks[key].local_path != path:
            tracks[key].local_path = path
            moved.append(tracks[key])
    Track.objects.bulk_update(moved, ["local_path"])
    genres = genres_ensure(r[4] for r in rows)
    insert_ignore(
        Label,
        ["track_id", "genre_id", "origin"],
        ((tracks[r[0]].pk, genres[r[4]].pk, Label.Origin.FOLDER) for r in rows),
    )
    report: dict[str, dict[str, int]] = {}
    for *_, genre in rows:
        line = report.setdefault(genre, {"kept": 0})
        line["kept"] += 1
    return {"files": len(rows), "moved": len(moved), "genres": report}


def folder_import(
    *,
    root: str | Path,
    resume: bool = True,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[str], Callable[[int], None]] | None = None,
) -> BuildRun:
    """Import ``root/<genre>/<audio files>``; return the finished run."""
    return run_source(
        "import_folder",
        root,
        read_labelled_folder,
        _write,
        arguments={},
        resume=resume,
        progress=progress,
        chunk_size=chunk_size,
    )
