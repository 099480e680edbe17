"""The Last.fm dataset's JSON form: one file per track, in folders or a zip.

Each file (``A/B/C/TRABC....json``) holds ``{"track_id", "artist", "title",
"timestamp", "tags": [[tag, count], ...], "similars": [[track_id, score], ...]}``;
counts are strings in the real files (``["rock", "100"]``), numbers in some
re-exports, and many tracks have no tags at all. Files are read in sorted path order
(folders) or archive order (zips), one at a time; ``position`` is that order's index.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path

from .records import Skipped, SourceError, TaggedTrack, tag_weight, valid_msd_id
from .zipstream import iter_members

JSON_SUFFIX = ".json"


def read_lastfm_json(
    path: str | Path, *, start: int = 0
) -> Iterator[TaggedTrack | Skipped]:
    """Yield each track of a Last.fm JSON folder or zip (tracks without tags too).

    Parameters
    ----------
    path : path
        A folder of ``.json`` files (any depth) or a ``.zip`` of them (a partial zip
        gives the members that arrived whole, then one ``Skipped``).
    start : int
        Skip the first ``start`` files (resume).
    """
    path = Path(path)
    if path.is_dir():
        yield from _from_folder(path, start)
    elif path.is_file():
        yield from _from_zip(path, start)
    else:
        raise SourceError(f"{path} does not exist")


def _from_folder(root: Path, start: int) -> Iterator[TaggedTrack | Skipped]:
    for position, file in enumerate(_json_files(root)):
        if position < start:
            continue
        where = file.relative_to(root).as_posix()
        try:
            data = file.read_bytes()
        except OSError as error:
            yield Skipped(position, where, "unreadable file", str(error))
            continue
        yield from _parse(data, position, where)


def _json_files(root: Path) -> Iterator[Path]:
    """Every ``.json`` file under ``root``, in sorted path order, streamed."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(JSON_SUFFIX) and not name.startswith("."):
                yield Path(dirpath, name)


def _from_zip(path: Path, start: int) -> Iterator[TaggedTrack | Skipped]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error}") from error
    with handle:
        if handle.read(2) != b"PK":
            raise SourceError(f"{path} is neither a folder nor a zip archive")
        handle.seek(0)
        position = -1
        for member in iter_members(handle):
            if member.error is None and not member.name.endswith(JSON_SUFFIX):
                continue  # folders and other files
            position += 1
            if position < start:
                continue
            if member.data is None:
                yield Skipped(position, member.name, "damaged zip member", member.error)
                continue
            yield from _parse(member.data, position, member.name)


def _parse(data: bytes, position: int, where: str) -> Iterator[TaggedTrack | Skipped]:
    """One track from one file's bytes (and a ``Skipped`` per unusable tag)."""
    try:
        record = json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        yield Skipped(position, where, "not JSON", str(error)[:120])
        return
    if not isinstance(record, dict):
        yield Skipped(position, where, "not a JSON object", type(record).__name__)
        return
    track_id = record.get("track_id")
    if not valid_msd_id(track_id):
        yield Skipped(position, where, "invalid track id", repr(track_id)[:60])
        return
    tags = []
    for pair in record.get("tags") or []:
        ok = isinstance(pair, list | tuple) and len(pair) == 2
        weight = tag_weight(pair[1]) if ok else None
        if ok and isinstance(pair[0], str) and pair[0].strip() and weight is not None:
            tags.append((pair[0], weight))
        else:
            yield Skipped(position, where, "bad tag", repr(pair)[:60])
    yield TaggedTrack(
        position=position,
        msd_id=track_id,
        tags=tuple(tags),
        artist=_text(record.get("artist")),
        title=_text(record.get("title")),
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
