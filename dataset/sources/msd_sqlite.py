"""The MSD's SQLite files: ``lastfm_tags.db`` and ``track_metadata.db``.

``lastfm_tags.db`` (the Last.fm dataset, 505,216 tagged tracks) has three tables
joined on ROWID, as the MSD authors' ``demo_tags_db.py`` queries them::

    tids(tid TEXT)                 -- one MSD track id per row
    tags(tag TEXT)                 -- one tag per row
    tid_tag(tid INT, tag INT, val FLOAT)  -- tids.ROWID, tags.ROWID, weight 0-100

``track_metadata.db`` has one table ``songs(track_id, title, song_id, release,
artist_id, artist_mbid, artist_name, duration, artist_familiarity,
artist_hotttnesss, year, track_7digitalid, shs_perf, shs_work)``; ``year`` is 0 when
unknown. Both are opened read-only and read with one cursor, a row at a time.
"""

import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from .records import (
    Skipped,
    SourceError,
    TaggedTrack,
    TrackInfo,
    tag_weight,
    valid_msd_id,
)

LASTFM_TABLES = ("tids", "tags", "tid_tag")
METADATA_COLUMNS = ("track_id", "title", "release", "artist_name", "duration", "year")
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_sqlite(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite database file (by its 16-byte header)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """Open an SQLite file read-only; ``SourceError`` when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path} does not exist")
    if not is_sqlite(path):
        raise SourceError(f"{path} is not an SQLite database")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    return {name for (name,) in rows}


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def read_lastfm_tags_db(
    path: str | Path, *, start: int = 0
) -> Iterator[TaggedTrack | Skipped]:
    """Yield each tagged track of ``lastfm_tags.db`` in ROWID order.

    Parameters
    ----------
    path : path
    start : int
        Skip tracks whose ``tids.ROWID`` is below this (resume).

    Yields
    ------
    TaggedTrack
        ``position`` is the track's ``tids.ROWID``.
    Skipped
        A ``tid_tag`` row pointing at no track or no tag, a weight outside 0-100,
        a malformed track id.
    """
    connection = connect_read_only(path)
    try:
        missing = [t for t in LASTFM_TABLES if t not in _tables(connection)]
        if missing:
            raise SourceError(
                f"{path} is not a lastfm_tags.db: no table {', '.join(missing)}"
            )
        rows = connection.execute(
            "SELECT tid_tag.tid, tids.tid, tags.tag, tid_tag.val FROM tid_tag "
            "LEFT JOIN tids ON tids.ROWID = tid_tag.tid "
            "LEFT JOIN tags ON tags.ROWID = tid_tag.tag "
            "WHERE tid_tag.tid >= ? ORDER BY tid_tag.tid",
            (start,),
        )
        yield from _group_tags(rows)
    except sqlite3.DatabaseError as error:
        raise SourceError(f"cannot read {path}: {error}") from error
    finally:
        connection.close()


def _group_tags(rows) -> Iterator[TaggedTrack | Skipped]:
    """Group ``(rowid, track id, tag, weight)`` rows, sorted by rowid, by track."""
    current: int | None = None
    msd_id = ""
    tags: list[tuple[str, float]] = []
    for rowid, tid, tag, val in rows:
        if rowid != current:
            if tags:
                yield TaggedTrack(position=current, msd_id=msd_id, tags=tuple(tags))
            current, msd_id, tags = rowid, tid, []
            if tid is None:
                yield Skipped(rowid, f"tid {rowid}", "no such track", "tid_tag row")
            elif not valid_msd_id(tid):
                yield Skipped(rowid, f"tid {rowid}", "invalid track id", repr(tid))
        if tid is None or not valid_msd_id(tid):
            continue
        weight = tag_weight(val)
        if tag is None or not str(tag).strip():
            yield Skipped(rowid, tid, "no such tag", f"tag rowid of {tid}")
        elif weight is None:
            yield Skipped(rowid, tid, "bad tag weight", f"{tag!r}: {val!r}")
        else:
            tags.append((str(tag), weight))
    if tags:
        yield TaggedTrack(position=current, msd_id=msd_id, tags=tuple(tags))


def read_track_metadata_db(
    path: str | Path, *, start: int = 0
) -> Iterator[TrackInfo | Skipped]:
    """Yield each song of ``track_metadata.db`` in ROWID order (``position``)."""
    connection = connect_read_only(path)
    try:
        if "songs" not in _tables(connection):
            raise SourceError(f"{path} is not a track_metadata.db: no table songs")
        missing = set(METADATA_COLUMNS) - _columns(connection, "songs")
        if missing:
            raise SourceError(f"{path}: table songs lacks {', '.join(sorted(missing))}")
        rows = connection.execute(
            "SELECT ROWID, track_id, title, release, artist_name, duration, year "
            "FROM songs WHERE ROWID >= ? ORDER BY ROWID",
            (start,),
        )
        for rowid, track_id, title, release, artist, duration, year in rows:
            if not valid_msd_id(track_id):
                yield Skipped(rowid, f"row {rowid}", "invalid track id", repr(track_id))
                continue
            yield TrackInfo(
                position=rowid,
                msd_id=track_id,
                title=_text(title),
                artist=_text(artist),
                album=_text(release),
                year=_year(year),
                duration_s=_duration(duration),
            )
    except sqlite3.DatabaseError as error:
        raise SourceError(f"cannot read {path}: {error}") from error
    finally:
        connection.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").strip()
    return str(value).strip()


def _year(value: object) -> int | None:
    """MSD writes 0 for an unknown year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year > 0 else None


def _duration(value: object) -> float | None:
    try:
        duration = float(value)
    except (TypeError, ValueError):
        return None
    return duration if math.isfinite(duration) and duration > 0 else None
