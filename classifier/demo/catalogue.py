"""The demo catalogue: a few dozen synthetic, tagged songs for trying the app offline.

They are made by ``synth.render_song`` from the specs in ``SONGS`` and written as mp3,
ogg, m4a and wav. They are demo clips, not training data.

Tags: mp3, m4a and ogg read back with ``mutagen.File(path, easy=True)`` under the keys
``title``, ``artist``, ``album``, ``genre``, ``tracknumber`` and ``date``. A wav file
carries the same values as ID3 frames (TIT2, TPE1, ...), which mutagen has no "easy"
wrapper for; ``read_tags`` reads every format, and falls back to the file name
(``<artist> - <title>.<ext>``) when a file has no tags.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from itertools import repeat
from multiprocessing import get_context
from pathlib import Path

import mutagen
from mutagen.easymp4 import EasyMP4
from mutagen.id3 import TALB, TCON, TDRC, TIT2, TPE1, TRCK
from mutagen.mp3 import EasyMP3
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from ..audio.encode import encode_audio
from .styles import STYLES
from .synth import render_song

#: Bumped whenever the synthesiser's output changes, so old files are rebuilt.
SYNTH_VERSION = 1
FORMATS = ("mp3", "ogg", "m4a", "wav")
MANIFEST_NAME = ".demo-catalogue.json"
PARTIAL_SUFFIX = ".part"
#: Permissions of the written files (``mkstemp`` would leave them owner-only).
FILE_MODE = 0o644
_EASY_TAGGERS = {"mp3": EasyMP3, "m4a": EasyMP4, "ogg": OggVorbis}
_ID3_FRAMES = {"title": TIT2, "artist": TPE1, "album": TALB, "genre": TCON,
               "tracknumber": TRCK, "date": TDRC}  # fmt: skip


@dataclass(frozen=True)
class SongSpec:
    """Everything that makes one demo song; the same spec gives the same signal.

    Attributes
    ----------
    title, artist, album : str
        Made up; the artists are fictional.
    style : str
        A key of ``styles.STYLES``; written as the genre tag.
    tempo : float
        Beats per minute.
    key : str
        e.g. ``"A minor"``.
    seed : int
    format : str
        One of ``FORMATS``.
    track : int
        Track number on the album.
    year : int
    """

    title: str
    artist: str
    album: str
    style: str
    tempo: float
    key: str
    seed: int
    format: str
    track: int
    year: int

    @property
    def filename(self) -> str:
        """``<artist> - <title>.<format>``."""
        return f"{self.artist} - {self.title}.{self.format}"

    def tags(self) -> dict[str, str]:
        """The tag values written into the file."""
        return {
            "title": self.title,
            "artist": self.artist,
            "album": self.album,
            "genre": self.style,
            "tracknumber": str(self.track),
            "date": str(self.year),
        }


#: style -> two (artist, album, three titles) entries.
_ALBUMS = {
    "Electronic": (
        ("Neon Tapir", "Night Bus Diagrams",
         ("Glass Elevator", "Tapir in the Strobe", "Circuit Lullaby")),
        ("Kilohertz Kindergarten", "Low Orbit Picnic",
         ("Oscillate Wildly", "Sidechain Sunrise", "Modular Heart")),
    ),
    "Rock": (
        ("The Gravel Saints", "Amplifier Weather",
         ("Sparks off the Tailgate", "Four Chords to Nowhere", "Loud Porch")),
        ("Velvet Anvil", "Feedback Season",
         ("Static Highway", "Gasoline Hymn", "Broken Strap Boogie")),
    ),
    "Blues": (
        ("Muddy Kettle Trio", "Porch Light Sessions",
         ("Rainwater Shuffle", "Twelve Bar Cat", "Pawnshop Guitar Blues")),
        ("Delta Dormouse", "Slow Train Ledger",
         ("Crossroads Vending Machine", "Blue Monday Again", "Lonesome Tuesday")),
    ),
    "Jazz": (
        ("The Quiet Fourths", "Late Set at the Automat",
         ("Two Five One More Time", "Brushes in the Rain", "Walking the Tritone")),
        ("Minor Seventh Heaven Quartet", "Imaginary Standards",
         ("Ride Cymbal Sonnet", "Turnaround Street", "Swing for the Lighthouse")),
    ),
    "Classical": (
        ("Imaginary Chamber Strings", "Studies for an Empty Hall",
         ("Arpeggio in Amber", "Nocturne for a Cold Kettle", "Slow Bowing")),
        ("Fictitious Philharmonic", "Preludes Nobody Ordered",
         ("Prelude in Pale Blue", "Pastorale for Pixels", "Adagio for Spreadsheets")),
    ),
    "Rap": (
        ("MC Placeholder", "Boom Bap Bibliography",
         ("Loop Theory", "Dusty Crates", "Vinyl Crackle Anthem")),
        ("Lil Synthesis", "Formant Flow",
         ("Syllable Season", "Kick Snare Sermon", "Ninety BPM Skyline")),
    ),
}  # fmt: skip
_TONICS = {"major": ("C", "G", "D", "A", "E", "F", "Bb", "Eb"),
           "minor": ("A", "E", "D", "B", "G", "C", "F#", "F")}  # fmt: skip
_FIRST_SEED = 1000
_FIRST_YEAR = 2019


def _songs() -> Iterable[SongSpec]:
    """Six songs a style: tempi spread over the style's range, keys, formats vary."""
    i = 0
    for style_name, albums in _ALBUMS.items():
        style = STYLES[style_name]
        low, high = style.tempo_range
        for a, (artist, album, titles) in enumerate(albums):
            for t, title in enumerate(titles):
                j = 3 * a + t
                tonic = _TONICS[style.mode][(5 * i) % len(_TONICS[style.mode])]
                yield SongSpec(
                    title=title,
                    artist=artist,
                    album=album,
                    style=style_name,
                    tempo=float(round(low + (high - low) * j / 5)),
                    key=f"{tonic} {style.mode}",
                    seed=_FIRST_SEED + i,
                    format=FORMATS[i % len(FORMATS)],
                    track=t + 1,
                    year=_FIRST_YEAR + i % 7,
                )
                i += 1


#: The 36 songs of the demo catalogue: six per style, each format in every style.
SONGS: tuple[SongSpec, ...] = tuple(_songs())


def build_catalogue(
    out_dir: Path,
    *,
    songs: Iterable[SongSpec] = SONGS,
    duration_s: float = 30.0,
    sample_rate: int = 44_100,
    force: bool = False,
    workers: int = 1,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[Path]:
    """Synthesise, encode and tag ``songs`` into ``out_dir``.

    Idempotent: a file is skipped when the manifest (``MANIFEST_NAME`` in ``out_dir``)
    says it was built from the same spec, duration, rate and ``SYNTH_VERSION`` and its
    size and SHA-256 still match. Each file is written to a hidden temporary file and
    renamed into place, so a killed build leaves no half-written song (and the next
    build removes its leftover temporary file).

    Parameters
    ----------
    out_dir : Path
        Created if missing.
    songs : iterable of SongSpec
    duration_s : float
    sample_rate : int
    force : bool
        Rebuild every file even when it is up to date.
    workers : int
        Processes that synthesise and encode in parallel (encoding dominates the
        time); the files are the same for any number.
    progress : callable, optional
        Called as ``progress(done, total, path)`` after each song.

    Returns
    -------
    list of Path
        The songs' paths, in the order of ``songs``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for partial in out_dir.glob(f".*{PARTIAL_SUFFIX}"):
        partial.unlink()
    songs = tuple(songs)
    manifest = _manifest_read(out_dir)
    keys = [_fingerprint(spec, duration_s, sample_rate) for spec in songs]
    stale = [
        force
        or not _is_current(out_dir / spec.filename, manifest.get(spec.filename), key)
        for spec, key in zip(songs, keys, strict=True)
    ]
    todo = [spec for spec, is_stale in zip(songs, stale, strict=True) if is_stale]
    encoded = _encode_all(todo, duration_s, sample_rate, workers)
    paths = []
    for done, (spec, key, is_stale) in enumerate(
        zip(songs, keys, stale, strict=True), 1
    ):
        path = out_dir / spec.filename
        if is_stale:
            entry = _write_tagged(path, next(encoded), spec)
            manifest[spec.filename] = {"fingerprint": key, **entry}
            _write_atomic(
                out_dir / MANIFEST_NAME, json.dumps(manifest, indent=1).encode()
            )
        paths.append(path)
        if progress is not None:
            progress(done, len(songs), path)
    return paths


def song_bytes(spec: SongSpec, duration_s: float, sample_rate: int) -> bytes:
    """The untagged file of ``spec``: synthesised, then encoded as ``spec.format``."""
    signal = render_song(
        spec.style,
        tempo=spec.tempo,
        key=spec.key,
        seed=spec.seed,
        duration_s=duration_s,
        sample_rate=sample_rate,
    )
    return encode_audio(signal, sample_rate, spec.format)


def _encode_all(specs, duration_s, sample_rate, workers) -> Iterator[bytes]:
    """``song_bytes`` of each spec, in order; in ``workers`` processes when > 1."""
    if workers <= 1 or len(specs) < 2:
        yield from (song_bytes(spec, duration_s, sample_rate) for spec in specs)
        return
    # spawn, not fork: the caller may hold threads (BLAS, Django's autoreloader).
    with ProcessPoolExecutor(
        min(workers, len(specs)), mp_context=get_context("spawn")
    ) as pool:
        yield from pool.map(song_bytes, specs, repeat(duration_s), repeat(sample_rate))


def read_tags(path: Path) -> dict[str, str]:
    """Title, artist, album, genre, tracknumber and date of a demo file, if present.

    Falls back to ``artist`` and ``title`` from the file name when there are no tags.
    """
    audio = mutagen.File(path, easy=True)
    tags = audio.tags if audio is not None else None
    if isinstance(audio, WAVE) and tags is not None:
        found = {
            key: str(tags[frame.__name__])
            for key, frame in _ID3_FRAMES.items()
            if frame.__name__ in tags
        }
    else:
        found = {key: values[0] for key, values in (tags or {}).items() if values}
    if "title" not in found and " - " in Path(path).stem:
        found["artist"], found["title"] = Path(path).stem.split(" - ", 1)
    return found


def tag_file(path: Path, spec: SongSpec) -> None:
    """Write ``spec.tags()`` into the ``spec.format`` file at ``path``."""
    if spec.format == "wav":
        audio = WAVE(path)
        audio.add_tags()
        for key, value in spec.tags().items():
            audio.tags.add(_ID3_FRAMES[key](encoding=3, text=[value]))
    else:
        audio = _EASY_TAGGERS[spec.format](path)
        if audio.tags is None:
            audio.add_tags()
        audio.update(spec.tags())
    audio.save()


def _write_tagged(path: Path, data: bytes, spec: SongSpec) -> dict:
    """Write ``data``, tag it and rename it to ``path``; return its size and hash."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=PARTIAL_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tag_file(Path(tmp), spec)
        entry = _size_and_hash(Path(tmp))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return entry


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=PARTIAL_SUFFIX)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)


def _fingerprint(spec: SongSpec, duration_s: float, sample_rate: int) -> str:
    return json.dumps([SYNTH_VERSION, asdict(spec), duration_s, sample_rate])


def _size_and_hash(path: Path) -> dict:
    data = path.read_bytes()
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _is_current(path: Path, entry: dict | None, fingerprint: str) -> bool:
    if entry is None or entry.get("fingerprint") != fingerprint or not path.is_file():
        return False
    if path.stat().st_size != entry.get("size"):
        return False
    return _size_and_hash(path)["sha256"] == entry.get("sha256")


def _manifest_read(out_dir: Path) -> dict:
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}
