"""A local-library track's audio file, and the byte ranges a player asks for.

Only the local provider has files of its own; the page plays Deezer's and iTunes'
preview URLs directly. The provider's own id rules decide which files exist: a path
relative to its root, an audio suffix, nothing outside it.
"""

import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from audiofiler.exceptions import ServiceError
from classifier.providers.local import LocalLibraryProvider
from classifier.services.providers import providers_get

#: Content types by suffix (``mimetypes`` does not know several of them everywhere).
CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".mp4": "audio/mp4",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".aif": "audio/aiff",
    ".aiff": "audio/aiff",
    ".webm": "audio/webm",
}
CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class AudioFile:
    path: Path
    size: int
    content_type: str


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` inclusive, as in a ``Content-Range`` header."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class RangeNotSatisfiable(Exception):
    """The range starts past the end of the file (HTTP 416)."""


def track_audio_get(*, provider: str, track_id: str) -> AudioFile:
    """The audio file of a local-library track; 404 for anything else."""
    source = providers_get().get(provider)
    if not isinstance(source, LocalLibraryProvider):
        raise ServiceError(
            f"Tracks of {provider!r} have no audio file here; "
            "the search results give their preview URL.",
            code="no_audio_file",
            status_code=404,
        )
    # The provider's own rule (TrackNotFound, a 404, for ids outside the library).
    path, stat = source.locate(track_id)
    return AudioFile(
        path=path,
        size=stat.st_size,
        content_type=CONTENT_TYPES.get(path.suffix.lower())
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream",
    )


def byte_range_parse(header: str | None, size: int) -> ByteRange | None:
    """The single byte range a ``Range`` header asks of a ``size``-byte file.

    None means "send the whole file": no header, another unit, several ranges or a
    malformed one (RFC 9110 lets a server ignore those). A range that starts past
    the end raises ``RangeNotSatisfiable``; one that ends past it is cut short.
    """
    match = _RANGE.match((header or "").strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first:  # "bytes=-N": the last N bytes
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(header)
    return ByteRange(start, min(int(last), size - 1) if last else size - 1)


def file_chunks(path: Path, *, start: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of ``path`` from ``start``, in ``CHUNK_BYTES`` pieces."""
    with path.open("rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK_BYTES, left))
            if not chunk:  # the file shrank meanwhile
                return
            left -= len(chunk)
            yield chunk
