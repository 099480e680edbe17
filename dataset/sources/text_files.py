"""Line-oriented MSD files: genre label files and ``unique_tracks.txt``.

Genre label files (tagtraum CD1/CD2/CD2C, Top-MAGD, MAGD) hold one
``TRACKID<TAB>majority genre[<TAB>minority genre]`` a line; some copies start with
``#`` comment lines, some don't. ``unique_tracks.txt`` holds
``track_id<SEP>song_id<SEP>artist<SEP>title`` a line; a few lines are not valid
UTF-8 (they are read as Latin-1 and counted), and some copies add a header line.
Lines are read as bytes one at a time; ``position`` is the 1-based line number.
"""

from collections.abc import Iterator
from pathlib import Path

from .records import (
    GenreLabel,
    Repaired,
    Skipped,
    SourceError,
    TrackInfo,
    valid_msd_id,
)

SEPARATOR = "<SEP>"
#: What ``read_unique_tracks`` reports for a line that was not UTF-8.
LATIN1_REASON = "not UTF-8 (read as Latin-1)"


def _lines(path: str | Path, start: int) -> Iterator[tuple[int, bytes]]:
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error}") from error
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number >= start:
                yield number, raw.rstrip(b"\r\n")


def read_label_file(
    path: str | Path, *, start: int = 0
) -> Iterator[GenreLabel | Skipped]:
    """Yield the genre label of each track of a tagtraum / MAGD ``.cls`` file."""
    for number, raw in _lines(path, start):
        where = f"line {number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Skipped(number, where, "not UTF-8", repr(raw[:60]))
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) not in (2, 3) or not all(fields):
            yield Skipped(number, where, "not TRACKID<TAB>genre", repr(line[:80]))
            continue
        if not valid_msd_id(fields[0]):
            yield Skipped(number, where, "invalid track id", repr(fields[0]))
            continue
        minority = fields[2] if len(fields) == 3 else None
        yield GenreLabel(number, fields[0], fields[1], minority)


def read_unique_tracks(
    path: str | Path, *, start: int = 0
) -> Iterator[TrackInfo | Skipped | Repaired]:
    """Yield artist and title of each track of ``unique_tracks.txt``.

    A line that is not UTF-8 is decoded as Latin-1 (which never fails) and reported
    as ``Repaired`` (reason :data:`LATIN1_REASON`) just before its record.
    """
    for number, raw in _lines(path, start):
        where = f"line {number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("latin-1")
            yield Repaired(number, where, LATIN1_REASON, repr(raw[:60]))
        if not line.strip():
            continue
        fields = line.split(SEPARATOR)
        if len(fields) != 4:
            yield Skipped(number, where, "not 4 <SEP> fields", repr(line[:80]))
            continue
        track_id, _song_id, artist, title = (field.strip() for field in fields)
        if not valid_msd_id(track_id):
            if number == 1:  # a header line such as "track_id<SEP>song_id<SEP>..."
                continue
            yield Skipped(number, where, "invalid track id", repr(track_id))
            continue
        yield TrackInfo(position=number, msd_id=track_id, title=title, artist=artist)
