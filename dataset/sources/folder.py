"""A labelled folder: ``ROOT/<genre>/<audio files>`` (GTZAN's layout).

The name of each top-level folder is the genre of every audio file below it (at any
depth); files directly in ``ROOT``, hidden files and files the decoder does not read
(by suffix) are skipped with a reason. Files come in sorted path order; ``position``
is that order's index.
"""

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import mutagen

from classifier.audio.names import AUDIO_SUFFIXES

from .records import Skipped, SourceError


@dataclass(frozen=True, slots=True)
class FolderClip:
    """One audio file and the genre its folder names.

    Attributes
    ----------
    position : int
    path : Path
        Absolute.
    relative : str
        POSIX path below the root (``"jazz/take five.mp3"``).
    genre : str
        The top-level folder's name, as written.
    """

    position: int
    path: Path
    relative: str
    genre: str


def read_labelled_folder(
    root: str | Path, *, start: int = 0
) -> Iterator[FolderClip | Skipped]:
    """Yield every audio file under ``root``'s genre folders."""
    root = Path(root)
    if not root.is_dir():
        raise SourceError(f"{root} is not a folder")
    root = root.resolve()
    for position, path in enumerate(_files(root)):
        if position < start:
            continue
        relative = path.relative_to(root).as_posix()
        parts = relative.split("/")
        if len(parts) == 1:
            yield Skipped(position, relative, "not inside a genre folder")
        elif path.suffix.lower() not in AUDIO_SUFFIXES:
            yield Skipped(position, relative, "not an audio file", path.suffix)
        else:
            yield FolderClip(position, path, relative, parts[0].strip())


def _files(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath, name)


def clip_names(path: Path) -> tuple[str, str]:
    """(artist, title) from the file's tags, else from ``"Artist - Title.ext"``."""
    artist = title = ""
    try:
        audio = mutagen.File(path, easy=True)
    except (mutagen.MutagenError, OSError, ValueError):
        audio = None
    if audio is not None and audio.tags is not None:
        artist = _first(audio.tags.get("artist"))
        title = _first(audio.tags.get("title"))
    if not title:
        name_artist, sep, name_title = path.stem.partition(" - ")
        if sep and name_artist.strip() and name_title.strip():
            artist = artist or name_artist.strip()
            title = name_title.strip()
        else:
            title = path.stem.strip()
    return artist, title


def _first(values) -> str:
    if isinstance(values, list | tuple):
        values = values[0] if values else ""
    return str(values or "").strip()


def content_digest(path: Path, *, block: int = 1 << 20) -> str:
    """sha256 of the file's bytes, read a block at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while data := handle.read(block):
            digest.update(data)
    return digest.hexdigest()
