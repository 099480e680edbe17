"""What the readers yield: plain records, and ``Skipped`` for rows they cannot use.

Every reader streams: it yields one record at a time with its ``position`` in the
source (a row id, line number or file index, increasing), so a killed import picks
up after the last position it committed. A row the reader cannot use is not an
exception: it is yielded as ``Skipped`` with a short ``reason`` (counted per reason)
and a ``detail`` for the log, and reading goes on.
"""

import math
import re
from dataclasses import dataclass

#: An MSD / Echo Nest track id: "TR" and 16 upper-case letters or digits.
MSD_TRACK_ID = re.compile(r"^TR[A-Z0-9]{16}$")
#: Tag weights are on Last.fm's scale: 100 for a track's strongest tag.
MAX_TAG_WEIGHT = 100.0


class SourceError(Exception):
    """A whole source cannot be read (missing, not the format, wrong schema)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row left out, with why.

    Attributes
    ----------
    position : int
        Where the reader was (the same kind of number as the records' positions).
    where : str
        A human pointer: ``"line 17"``, ``"A/B/C/TRABC....json"``.
    reason : str
        A short category counted in the run's report (``"invalid track id"``).
    detail : str
        The specifics, for the log.
    """

    position: int
    where: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Repaired:
    """A row kept after a repair (e.g. decoded as Latin-1): counted, not dropped."""

    position: int
    where: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class TaggedTrack:
    """One MSD track with its tags (Last.fm tags or Echo Nest artist terms).

    ``tags`` are ``(tag, weight)`` pairs on Last.fm's 0-100 scale.
    """

    position: int
    msd_id: str
    tags: tuple[tuple[str, float], ...]
    artist: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class TrackInfo:
    """Metadata of one MSD track (track_metadata.db, unique_tracks.txt, HDF5)."""

    position: int
    msd_id: str
    title: str = ""
    artist: str = ""
    album: str = ""
    year: int | None = None
    duration_s: float | None = None


@dataclass(frozen=True, slots=True)
class GenreLabel:
    """One line of a genre label file: the track's majority genre (and minority)."""

    position: int
    msd_id: str
    genre: str
    minority: str | None = None


def valid_msd_id(value: object) -> bool:
    """Whether ``value`` is a well-formed MSD track id."""
    return isinstance(value, str) and MSD_TRACK_ID.match(value) is not None


def tag_weight(value: object) -> float | None:
    """A tag weight in [0, 100] from a number or a numeric string, else None."""
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(weight) or not 0.0 <= weight <= MAX_TAG_WEIGHT:
        return None
    return weight
