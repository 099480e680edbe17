"""The MSD's HDF5 song files (``A/B/C/TRABC....h5``), read with h5py.

Each file has groups ``metadata``, ``analysis`` and ``musicbrainz``, each with a
compound table ``songs`` (one row per song: one in a per-track file, many in the
MSD's aggregate/summary files), as the MSD authors' ``hdf5_getters.py`` reads them:
``metadata/songs`` (artist_name, title, release, song_id, idx_artist_terms ...),
``analysis/songs`` (track_id, duration, tempo ...), ``musicbrainz/songs`` (year),
and ``metadata/artist_terms`` with ``artist_terms_freq`` and ``artist_terms_weight``
beside it, sliced per song by ``idx_artist_terms``. Strings are bytes.

The artist terms become tags of their own source, their weights (0-1) scaled to
Last.fm's 0-100.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .records import Skipped, SourceError, TaggedTrack, TrackInfo, valid_msd_id

H5_SUFFIX = ".h5"
TERM_WEIGHT_SCALE = 100.0


@dataclass(frozen=True, slots=True)
class H5Song:
    """One song of an HDF5 file: its metadata and its artist terms as tags."""

    info: TrackInfo
    terms: TaggedTrack
    tempo: float | None = None

    @property
    def position(self) -> int:
        """The file's index (every song of an aggregate file shares it)."""
        return self.info.position


def read_h5_folder(path: str | Path, *, start: int = 0) -> Iterator[H5Song | Skipped]:
    """Yield every song of every ``.h5`` file under ``path`` (or of one file).

    ``position`` is the file's index in sorted path order; ``start`` skips files.
    """
    import h5py  # heavy: only the HDF5 import needs it

    path = Path(path)
    if path.is_file():
        files: Iterator[Path] = iter([path])
    elif path.is_dir():
        files = _h5_files(path)
    else:
        raise SourceError(f"{path} does not exist")
    for position, file in enumerate(files):
        if position < start:
            continue
        where = file.name
        try:
            with h5py.File(file, "r") as h5:
                songs = list(_songs(h5, position))
        except (OSError, KeyError, ValueError, IndexError) as error:
            yield Skipped(position, where, "unreadable HDF5 file", str(error)[:120])
            continue
        for song in songs:
            if isinstance(song, Skipped):
                yield Skipped(position, where, song.reason, song.detail)
            else:
                yield song


def _h5_files(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(H5_SUFFIX) and not name.startswith("."):
                yield Path(dirpath, name)


def _songs(h5, position: int) -> Iterator[H5Song | Skipped]:
    metadata = h5["metadata"]["songs"][()]
    analysis = h5["analysis"]["songs"][()]
    musicbrainz = h5["musicbrainz"]["songs"][()] if "musicbrainz" in h5 else None
    terms = _strings(h5["metadata"]["artist_terms"][()])
    weights = h5["metadata"]["artist_terms_weight"][()]
    if len(weights) != len(terms):
        raise ValueError("artist_terms and artist_terms_weight differ in length")
    starts = [int(i) for i in metadata["idx_artist_terms"]] + [len(terms)]
    for i in range(len(metadata)):
        track_id = _string(analysis["track_id"][i])
        if not valid_msd_id(track_id):
            yield Skipped(position, "", "invalid track id", repr(track_id))
            continue
        year = int(musicbrainz["year"][i]) if musicbrainz is not None else 0
        duration = float(analysis["duration"][i])
        tempo = float(analysis["tempo"][i])
        info = TrackInfo(
            position=position,
            msd_id=track_id,
            title=_string(metadata["title"][i]),
            artist=_string(metadata["artist_name"][i]),
            album=_string(metadata["release"][i]),
            year=year if year > 0 else None,
            duration_s=duration if duration > 0 else None,
        )
        lo, hi = starts[i], starts[i + 1]
        tags = tuple(
            (term, round(float(w) * TERM_WEIGHT_SCALE, 4))
            for term, w in zip(terms[lo:hi], weights[lo:hi], strict=True)
            if term and 0.0 <= float(w) <= 1.0
        )
        yield H5Song(
            info=info,
            terms=TaggedTrack(position=position, msd_id=track_id, tags=tags),
            tempo=tempo if tempo > 0 else None,
        )


def _string(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").strip()
    return str(value).strip()


def _strings(values) -> list[str]:
    return [_string(v) for v in values]
