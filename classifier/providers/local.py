"""A folder of audio files as a provider: tags read with mutagen, searched in memory.

Track ids are POSIX paths relative to the root (``"Miles Davis/So What.mp3"``);
``resolve`` maps them back and refuses anything outside the root. The index is
rescanned at most every ``refresh_interval_s`` seconds (or on ``refresh()``); a rescan
only stats files and re-reads the tags of those whose size or mtime changed.
"""

import hashlib
import heapq
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import Any

import mutagen

from classifier.audio.names import AUDIO_SUFFIXES

from .base import TrackRef
from .errors import DownloadTooLarge, InvalidTrackId, TrackNotFound
from .matching import fold

logger = logging.getLogger(__name__)

NAME = "local"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_REFRESH_INTERVAL_S = 5.0
#: Files whose content digest is remembered (the oldest is forgotten past this).
MAX_REMEMBERED_DIGESTS = 10_000
#: Scores per query word: prefix of a word in artist/title, of an album word, inside.
PREFIX_SCORE = 3
ALBUM_PREFIX_SCORE = 2
SUBSTRING_SCORE = 1
_TAG_KEYS = {
    "title": ("title", "TIT2", "\xa9nam"),
    "artist": ("artist", "TPE1", "\xa9ART"),
    "album": ("album", "TALB", "\xa9alb"),
}


@dataclass(frozen=True, slots=True)
class _Entry:
    ref: TrackRef
    size: int
    mtime_ns: int
    head: str  # " artist title " folded, spaces around every word
    album: str  # " album " folded
    sort_key: tuple[str, str]


class LocalLibraryProvider:
    """Audio files under ``root`` (mp3, m4a, ogg, flac, wav, opus).

    Parameters
    ----------
    root : Path
    max_bytes : int
        Largest file ``fetch_preview`` reads.
    refresh_interval_s : float
        Minimum age of the index before a search or resolve rescans the folder.
    background_refresh : bool
        When the index is stale, rescan in a thread and answer from the old index
        meanwhile (a 10,000-file rescan stats every file: ~0.3 s). The first scan is
        always synchronous.
    clock : callable
        Monotonic clock (injectable for tests).
    """

    name = NAME
    allowed_hosts: frozenset[str] = frozenset()

    def __init__(
        self,
        root: Path,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        refresh_interval_s: float = DEFAULT_REFRESH_INTERVAL_S,
        background_refresh: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.background_refresh = background_refresh
        self.root = Path(root).resolve()
        self.max_bytes = max_bytes
        self.refresh_interval_s = refresh_interval_s
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._scanned_at: float | None = None
        #: Completed scans of the folder (the first one included).
        self.scans = 0
        self._worker: threading.Thread | None = None
        #: track id -> ((size, mtime_ns) when hashed, sha256 hex digest)
        self._digests: dict[str, tuple[tuple[int, int], str]] = {}
        self._digests_lock = threading.Lock()
        #: Whole-file reads ``content_sha256`` did (its cache misses).
        self.digest_reads = 0

    def __len__(self) -> int:
        self._maybe_refresh()
        return len(self._entries)

    # -- index -----------------------------------------------------------------
    def refresh(self) -> int:
        """Rescan the folder now; return how many files had their tags (re)read."""
        with self._lock:
            old = self._entries
            new: dict[str, _Entry] = {}
            read = 0
            for path, stat in _audio_files(self.root):
                track_id = path.relative_to(self.root).as_posix()
                entry = old.get(track_id)
                if entry is None or (entry.size, entry.mtime_ns) != (
                    stat.st_size,
                    stat.st_mtime_ns,
                ):
                    entry = _entry(path, track_id, stat)
                    read += 1
                new[track_id] = entry
            self._entries = new
            self._scanned_at = self._clock()
            self.scans += 1
        logger.info(
            "local library %s: %d files, %d (re)read", self.root, len(new), read
        )
        return read

    def _maybe_refresh(self) -> None:
        scanned_at = self._scanned_at
        if scanned_at is None or not self.background_refresh:
            if (
                scanned_at is None
                or self._clock() - scanned_at >= self.refresh_interval_s
            ):
                self.refresh()
            return
        if self._clock() - scanned_at < self.refresh_interval_s:
            return
        worker = self._worker
        if worker is None or not worker.is_alive():
            self._worker = threading.Thread(
                target=self.refresh, name="local-library-refresh", daemon=True
            )
            self._worker.start()

    def wait_for_refresh(self, timeout_s: float | None = None) -> None:
        """Block until a background rescan (if any) has finished."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout_s)

    # -- provider API ----------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10) -> list[TrackRef]:
        """Tracks whose artist, title or album contain every query word.

        Case- and accent-insensitive; a word that starts an artist/title word scores
        ``PREFIX_SCORE``, an album word ``ALBUM_PREFIX_SCORE``, inside a word
        ``SUBSTRING_SCORE``. Sorted by score, then artist and title.
        """
        self._maybe_refresh()
        words = [" " + word for word in fold(query).split()]
        if not words or limit < 1:
            return []
        scored = []
        for entry in self._entries.values():
            score = _score(entry, words)
            if score:
                scored.append((-score, entry.sort_key, entry.ref.id, entry.ref))
        best = heapq.nsmallest(limit, scored, key=lambda row: row[:3])
        return [row[3] for row in best]

    def resolve(self, track_id: str) -> TrackRef:
        """Return the track stored at ``track_id`` (a path relative to the root)."""
        return self._resolve(track_id, *self.locate(track_id))

    def resolve_with_digest(self, track_id: str) -> tuple[TrackRef, str]:
        """``resolve`` and ``content_sha256`` at once, checking the path once: what a
        cached classification needs."""
        path, stat = self.locate(track_id)
        ref = self._resolve(track_id, path, stat)
        return ref, self._digest(ref, stat)

    def _resolve(self, track_id: str, path: Path, stat: os.stat_result) -> TrackRef:
        self._maybe_refresh()
        entry = self._entries.get(track_id)
        if entry is None:  # added since the last scan
            entry = _entry(path, track_id, stat)
        return entry.ref

    def fetch_preview(self, ref: TrackRef) -> bytes:
        """Read the whole file (it is the "preview"), refusing files over the cap."""
        path, stat = self.locate(ref.id)
        if stat.st_size > self.max_bytes:
            raise DownloadTooLarge(
                f"{ref.id} is larger than {self.max_bytes} bytes",
                max_bytes=self.max_bytes,
                provider=NAME,
            )
        with path.open("rb") as handle:
            data = handle.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise DownloadTooLarge(
                f"{ref.id} grew past {self.max_bytes} bytes",
                max_bytes=self.max_bytes,
                provider=NAME,
            )
        return data

    def content_sha256(self, ref: TrackRef) -> str:
        """SHA-256 (hex) of the file's bytes, remembered while its size and mtime
        stay the same (the test the index uses to see a file changed): a cached
        classification is then found with a stat, not a read of the whole file."""
        return self._digest(ref, self.locate(ref.id)[1])

    def _digest(self, ref: TrackRef, stat: os.stat_result) -> str:
        stamp = (stat.st_size, stat.st_mtime_ns)
        known = self._digests.get(ref.id)
        if known is not None and known[0] == stamp:
            return known[1]
        # Stamped before reading: a file rewritten meanwhile gets a new stamp, so
        # the digest stored here is read again next time.
        digest = hashlib.sha256(self.fetch_preview(ref)).hexdigest()
        with self._digests_lock:
            self.digest_reads += 1
            if len(self._digests) >= MAX_REMEMBERED_DIGESTS:
                self._digests.pop(next(iter(self._digests)))
            self._digests[ref.id] = (stamp, digest)
        return digest

    def locate(self, track_id: str) -> tuple[Path, os.stat_result]:
        """The audio file an id names under the root, and its ``stat`` (taken for the
        check anyway), refusing anything outside the root (``InvalidTrackId``) and
        anything that is no audio file there (``TrackNotFound``)."""
        # Ids are exactly what ``refresh`` writes: "a/b.mp3", no ".", "..", "" parts.
        parts = (track_id or "").split("/")
        if (
            not track_id
            or "\\" in track_id
            or "\x00" in track_id
            or any(part in ("", ".", "..") for part in parts)
        ):
            raise InvalidTrackId(f"invalid local track id: {track_id!r}", provider=NAME)
        path = (self.root / Path(*parts)).resolve()
        if not path.is_relative_to(self.root):
            raise InvalidTrackId(
                f"{track_id!r} points outside the library", provider=NAME
            )
        stat = _file_stat(path) if path.suffix.lower() in AUDIO_SUFFIXES else None
        if stat is None:
            raise TrackNotFound(
                f"no audio file {track_id!r} in the library", provider=NAME
            )
        return path, stat


def _file_stat(path: Path) -> os.stat_result | None:
    """The ``stat`` of a regular file (symlinks followed, as ``is_file``); None
    where it is missing, not a file, or the file system refuses the name itself
    (ENAMETOOLONG: a part over 255 bytes, a path over 4096)."""
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    return stat if S_ISREG(stat.st_mode) else None


def _score(entry: _Entry, words: list[str]) -> int:
    score = 0
    for word in words:
        if word in entry.head:
            score += PREFIX_SCORE
        elif word in entry.album:
            score += ALBUM_PREFIX_SCORE
        elif word[1:] in entry.head or word[1:] in entry.album:
            score += SUBSTRING_SCORE
        else:
            return 0
    return score


def _audio_files(root: Path):
    """Yield ``(path, stat)`` of every audio file under ``root`` (no symlinked dirs)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for filename in filenames:
            if filename.startswith(".") or Path(filename).suffix.lower() not in (
                AUDIO_SUFFIXES
            ):
                continue
            path = Path(dirpath, filename)
            try:
                stat = path.stat()
            except OSError:  # removed while we walked
                continue
            yield path, stat


def _entry(path: Path, track_id: str, stat: os.stat_result) -> _Entry:
    tags, duration = _read_tags(path)
    name_artist, name_title = _from_file_name(path.stem)
    title = tags.get("title") or name_title
    artist = tags.get("artist") or name_artist
    album = tags.get("album") or None
    ref = TrackRef(
        provider=NAME,
        id=track_id,
        title=title,
        artist=artist,
        album=album,
        duration_s=duration,
    )
    head = f" {fold(artist)} {fold(title)} {fold(path.stem)} "
    return _Entry(
        ref=ref,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        head=head,
        album=f" {fold(album or '')} ",
        sort_key=(fold(artist), fold(title)),
    )


def _read_tags(path: Path) -> tuple[dict[str, str], float | None]:
    """Title/artist/album and the length in seconds; empty when unreadable."""
    try:
        audio = mutagen.File(path, easy=True)
    except (mutagen.MutagenError, OSError, ValueError) as exc:
        logger.warning("cannot read tags of %s: %s", path, exc)
        return {}, None
    if audio is None:
        return {}, None
    duration = getattr(audio.info, "length", None) or None
    tags: dict[str, str] = {}
    if audio.tags is not None:
        for field, keys in _TAG_KEYS.items():
            value = _first(audio.tags, keys)
            if value:
                tags[field] = value
    return tags, duration


def _first(tags: Any, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        try:
            value = tags.get(key)
        except (KeyError, ValueError, TypeError):
            continue
        if value is None:
            continue
        value = getattr(value, "text", value)  # ID3 frames keep their text in .text
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if value:
            return str(value).strip()
    return None


def _from_file_name(stem: str) -> tuple[str, str]:
    """``"Artist - Title"`` → (artist, title); otherwise ("", stem)."""
    artist, sep, title = stem.partition(" - ")
    if sep and artist.strip() and title.strip():
        return artist.strip(), title.strip()
    return "", stem.strip()
