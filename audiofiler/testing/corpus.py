"""A corpus of malformed audio files, generated from a seed (nothing is committed).

Every file starts from a real clip: a two-second song that our own synthesiser
(:mod:`classifier.demo.synth`) renders and PyAV encodes as mp3, ogg (Vorbis and
Opus), flac, wav, m4a (index at the end and at the front), aiff, webm and mka. The
generators then break them in known ways:

``truncated``
    cut at header offsets and at fractions of the file.
``bit_flipped``
    bits flipped, blocks zeroed or overwritten with random bytes (seeded).
``zero_length``
    nothing, or almost nothing.
``lying_header``
    a header field that contradicts the rest: block align, bits per sample, format
    tags, FLAC block sizes, Ogg/Opus fields, MP4 box sizes, Matroska sizes.
``huge_length``
    a declared length far past the file: WAV/RIFF sizes 0xFFFFFFFF, FLAC total
    samples 2^36-1, an ID3 tag of 256 MB, MP4 boxes (32- and 64-bit sizes), Xing
    frame counts, AIFF frame counts, unknown-size Matroska elements.
``no_channels``
    a stream that says it has 0 channels (or more than 8).
``absurd_rate``
    0 Hz, 1 Hz, 10^9 Hz, just outside 4-192 kHz, NaN and infinite AIFF rates.
``polyglot``
    two formats at once: WAV + MP3 frames, ID3 + FLAC/Ogg/WAV/HTML/zip, an audio
    magic in front of a PDF, zip or HTML page, concatenated files.
``not_audio``
    HTML, PDF, zip, PNG, gzip, ELF, JSON, containers off the list (ADTS, au).
``valid_odd``
    valid but unusual: 8-bit, 24-bit, 32/64-bit float, 8 channels, 4 kHz and
    192 kHz, silence, a square wave at full scale, noise, large ID3 padding, tags
    at the end, leading zeros, an mp3 inside a WAV, too short or too long clips.

Each :class:`CorpusFile` has a name (``"<category>/<base>/<what>"``) and says what a
server must answer (:attr:`CorpusFile.expect`): ``refused`` (a 4xx), ``accepted``
(the classification) or ``either`` (a damaged file may still hold audio). The same
seed gives the same bytes::

    python -m audiofiler.testing.corpus --seed 0 --out /tmp/corpus           # all
    python -m audiofiler.testing.corpus --seed 0 --out /tmp/c --only NAME    # one

Pure Python and PyAV: no Django.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import math
import random
import struct
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from classifier.audio.encode import encode_audio, write_s16
from classifier.demo.synth import render_song

REFUSED, ACCEPTED, EITHER = "refused", "accepted", "either"
EXPECTATIONS = (REFUSED, ACCEPTED, EITHER)
CATEGORIES = (
    "truncated",
    "bit_flipped",
    "zero_length",
    "lying_header",
    "huge_length",
    "no_channels",
    "absurd_rate",
    "polyglot",
    "not_audio",
    "valid_odd",
)
#: The clips every file is made from.
CLIP_SECONDS = 2.0
CLIP_RATE = 44_100
#: Longer than any server here accepts (AUDIOFILER_MAX_AUDIO_SECONDS is 600 s).
TOO_LONG_SECONDS = 610.0
DEFAULT_SEED = 0


@dataclass(frozen=True)
class CorpusFile:
    """One file of the corpus.

    Attributes
    ----------
    name : str
        ``"<category>/<base>/<what>"``, unique in the corpus.
    category : str
        One of ``CATEGORIES``.
    data : bytes
    expect : str
        ``"refused"``: a server must refuse it (4xx); ``"accepted"``: it must
        classify it; ``"either"``: either is right, never a 5xx.
    note : str
        What was done to the file.
    """

    name: str
    category: str
    data: bytes
    expect: str
    note: str = ""

    def regenerate_command(self, seed: int = DEFAULT_SEED) -> str:
        return (
            f"python -m audiofiler.testing.corpus --seed {seed} "
            f"--only {self.name} --out /tmp/corpus"
        )

    def describe(self, seed: int = DEFAULT_SEED) -> str:
        """How a failing test names this file, and how to get it again."""
        return (
            f"{self.name} ({len(self.data)} bytes, expect {self.expect}: "
            f"{self.note}); regenerate: {self.regenerate_command(seed)}"
        )


def build_corpus(seed: int = DEFAULT_SEED) -> list[CorpusFile]:
    """Every corpus file for ``seed`` (a few seconds; cached per seed)."""
    return list(_build(seed))


@functools.cache
def _build(seed: int) -> tuple[CorpusFile, ...]:
    clips = Clips(seed)
    rng = random.Random(seed)
    files: list[CorpusFile] = []
    for generator in _GENERATORS:
        files.extend(generator(clips, rng))
    names = [f.name for f in files]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise AssertionError(f"corpus names are not unique: {sorted(duplicates)}")
    for f in files:
        assert f.category in CATEGORIES, f.name
        assert f.expect in EXPECTATIONS, f.name
    return tuple(files)


def corpus_file(name: str, seed: int = DEFAULT_SEED) -> CorpusFile:
    """The corpus file called ``name``."""
    for f in _build(seed):
        if f.name == name:
            return f
    raise KeyError(name)


# --- the real clips -------------------------------------------------------------


class Clips:
    """The song every file is made from, encoded in every accepted container."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.stereo = render_song(
            "Rock",
            tempo=120,
            key="A minor",
            seed=1000 + seed,
            duration_s=CLIP_SECONDS,
            sample_rate=CLIP_RATE,
        )
        self.int16 = np.round(self.stereo * 32767).astype(np.int16)

    @functools.cached_property
    def encoded(self) -> dict[str, bytes]:
        """Base name -> the clip as that file (the bases every generator uses)."""
        out = {
            fmt: encode_audio(self.stereo, CLIP_RATE, fmt)
            for fmt in ("mp3", "flac", "wav", "m4a", "m4a-faststart")
        }
        # Written here rather than by encode_audio: bit-exact (no random Ogg serial).
        out["ogg"] = mux(self.int16, CLIP_RATE, "ogg", "vorbis")
        out["aiff"] = mux(self.int16, CLIP_RATE, "aiff", "pcm_s16be")
        out["opus"] = mux(self.int16, 48_000, "ogg", "libopus")
        out["webm"] = mux(self.int16, 48_000, "webm", "libopus")
        out["mka"] = mux(self.int16, CLIP_RATE, "matroska", "flac")
        return out

    def mono(self, sample_rate: int, seconds: float = CLIP_SECONDS) -> np.ndarray:
        """The clip's left channel at ``sample_rate`` (by index: pitch moves)."""
        n = round(seconds * sample_rate)
        index = (np.arange(n) * (CLIP_RATE / sample_rate)).astype(int) % len(
            self.stereo
        )
        return self.stereo[index, 0]


def mux(
    samples: np.ndarray,
    sample_rate: int,
    container_format: str,
    codec: str,
    *,
    layout: str | None = None,
) -> bytes:
    """Int16 ``samples`` [shape=(n, channels)] written by PyAV (any muxer),
    bit-exact."""
    if samples.ndim == 1:
        samples = samples[:, None]
    layout = layout or {1: "mono", 2: "stereo"}[samples.shape[1]]
    buffer = io.BytesIO()
    # bitexact: no random Ogg serial numbers or Matroska UIDs, so a seed gives the
    # same bytes every time.
    with av.open(
        buffer, "w", format=container_format, options={"fflags": "+bitexact"}
    ) as container:
        stream = container.add_stream(codec, rate=sample_rate, layout=layout)
        if codec == "vorbis":  # FFmpeg's own Vorbis encoder is experimental
            stream.codec_context.options = {"strict": "experimental"}
        write_s16(container, stream, samples, sample_rate, layout)
    return buffer.getvalue()


# --- WAV, AIFF, FLAC, Ogg, MP4, Matroska, ID3 by hand -----------------------------


def wav(
    data: bytes,
    *,
    channels: int = 1,
    rate: int = 22_050,
    bits: int = 16,
    tag: int = 1,
    block_align: int | None = None,
    byte_rate: int | None = None,
    data_size: int | None = None,
    riff_size: int | None = None,
    fmt_extra: bytes = b"",
    fmt_size: int | None = None,
    before_data: bytes = b"",
    magic: bytes = b"RIFF",
) -> bytes:
    """A WAV file with every header field settable (wrong ones included)."""
    if block_align is None:
        block_align = channels * bits // 8
    if byte_rate is None:
        byte_rate = rate * block_align
    fmt = struct.pack(
        "<HHIIHH",
        tag & 0xFFFF,
        channels & 0xFFFF,
        rate & 0xFFFFFFFF,
        byte_rate & 0xFFFFFFFF,
        block_align & 0xFFFF,
        bits & 0xFFFF,
    )
    fmt += fmt_extra
    size = len(fmt) if fmt_size is None else fmt_size
    body = b"WAVE" + b"fmt " + struct.pack("<I", size) + fmt + before_data
    body += b"data" + struct.pack("<I", len(data) if data_size is None else data_size)
    body += data
    return (
        magic + struct.pack("<I", len(body) if riff_size is None else riff_size) + body
    )


def chunk(kind: bytes, payload: bytes) -> bytes:
    """A RIFF chunk (padded to an even size)."""
    pad = b"\0" if len(payload) % 2 else b""
    return kind + struct.pack("<I", len(payload)) + payload + pad


def extended80(value: float) -> bytes:
    """An IEEE 754 80-bit extended float (AIFF's sample rate), NaN and inf too."""
    if math.isnan(value):
        return b"\x7f\xff\xc0" + bytes(7)
    if math.isinf(value):
        return (b"\xff\xff" if value < 0 else b"\x7f\xff") + b"\x80" + bytes(7)
    if value == 0:
        return bytes(10)
    sign = 0x8000 if value < 0 else 0
    mantissa, exponent = math.frexp(abs(value))  # value = m * 2**e, 0.5 <= m < 1
    return struct.pack(
        ">HQ", sign | (exponent - 1 + 16383), int(mantissa * 2**64) & (2**64 - 1)
    )


def aiff(
    samples: np.ndarray,
    *,
    rate: float = 22_050,
    channels: int | None = None,
    frames: int | None = None,
    bits: int = 16,
    ssnd_size: int | None = None,
    form_size: int | None = None,
) -> bytes:
    """A 16-bit big-endian AIFF with every COMM field settable."""
    samples = samples if samples.ndim == 2 else samples[:, None]
    real_channels = samples.shape[1]
    pcm = samples.astype(">i2").tobytes()
    comm = struct.pack(
        ">hIh",
        real_channels if channels is None else channels,
        len(samples) if frames is None else frames,
        bits,
    )
    comm += extended80(rate)
    ssnd = struct.pack(">II", 0, 0) + pcm
    body = b"AIFF" + b"COMM" + struct.pack(">I", len(comm)) + comm
    size = len(ssnd) if ssnd_size is None else ssnd_size
    body += b"SSND" + struct.pack(">I", size) + ssnd
    if len(ssnd) % 2:
        body += b"\0"
    return (
        b"FORM"
        + struct.pack(">I", len(body) if form_size is None else form_size)
        + body
    )


def flac_streaminfo(data: bytes, **fields: int) -> bytes:
    """A FLAC file with STREAMINFO fields replaced (``rate``, ``channels``,
    ``bits``, ``total``, ``min_block``, ``max_block``, ``min_frame``,
    ``max_frame``) -- the raw field values, not checked."""
    assert data[:4] == b"fLaC"
    info = bytearray(data[8:42])
    min_block, max_block = struct.unpack(">HH", info[0:4])
    min_frame = int.from_bytes(info[4:7], "big")
    max_frame = int.from_bytes(info[7:10], "big")
    packed = int.from_bytes(info[10:18], "big")
    rate = packed >> 44
    channels = ((packed >> 41) & 0b111) + 1
    bits = ((packed >> 36) & 0b11111) + 1
    total = packed & (2**36 - 1)
    rate = fields.get("rate", rate)
    channels = fields.get("channels", channels)
    bits = fields.get("bits", bits)
    total = fields.get("total", total)
    packed = (
        (rate & 0xFFFFF) << 44
        | ((channels - 1) & 0b111) << 41
        | ((bits - 1) & 0b11111) << 36
        | (total & (2**36 - 1))
    )
    info[0:4] = struct.pack(
        ">HH",
        fields.get("min_block", min_block) & 0xFFFF,
        fields.get("max_block", max_block) & 0xFFFF,
    )
    info[4:7] = (fields.get("min_frame", min_frame) & 0xFFFFFF).to_bytes(3, "big")
    info[7:10] = (fields.get("max_frame", max_frame) & 0xFFFFFF).to_bytes(3, "big")
    info[10:18] = packed.to_bytes(8, "big")
    return data[:8] + bytes(info) + data[42:]


def _ogg_crc_table() -> list[int]:
    table = []
    for index in range(256):
        r = index << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else r << 1
        table.append(r & 0xFFFFFFFF)
    return table


_OGG_CRC = _ogg_crc_table()


def ogg_crc(page: bytes) -> int:
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[((crc >> 24) & 0xFF) ^ byte]
    return crc


def ogg_pages(data: bytes) -> list[tuple[int, int]]:
    """``(offset, length)`` of each Ogg page (stops at the first broken one)."""
    pages, at = [], 0
    while data[at : at + 4] == b"OggS" and at + 27 <= len(data):
        count = data[at + 26]
        table = data[at + 27 : at + 27 + count]
        length = 27 + count + sum(table)
        pages.append((at, length))
        at += length
    return pages


def ogg_edit(
    data: bytes, page_index: int, edit: Callable[[bytearray], None], *, crc=True
) -> bytes:
    """``data`` with page ``page_index`` edited in place (its CRC recomputed)."""
    offset, length = ogg_pages(data)[page_index]
    page = bytearray(data[offset : offset + length])
    edit(page)
    if crc:
        page[22:26] = bytes(4)
        page[22:26] = struct.pack("<I", ogg_crc(bytes(page)))
    return data[:offset] + bytes(page) + data[offset + length :]


def ogg_first_packet_offset(data: bytes) -> int:
    """Offset of the first page's payload (the codec's identification header)."""
    return 27 + data[26]


_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"udta", b"edts"}


def mp4_boxes(data: bytes, start: int = 0, end: int | None = None, path: str = ""):
    """``(path, offset, size)`` of every box, depth first (``moov/trak/...``)."""
    end = len(data) if end is None else end
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            return
        name = path + kind.decode("latin-1")
        yield name, at, size
        if kind in _MP4_CONTAINERS:
            yield from mp4_boxes(data, at + header, at + size, name + "/")
        elif kind == b"stsd":
            yield from mp4_boxes(data, at + 16, at + size, name + "/")
        at += size


def mp4_box(data: bytes, path: str) -> tuple[int, int]:
    """``(offset, size)`` of the first box at ``path``."""
    for name, offset, size in mp4_boxes(data):
        if name == path:
            return offset, size
    raise KeyError(path)


def patch(data: bytes, offset: int, value: bytes) -> bytes:
    return data[:offset] + value + data[offset + len(value) :]


def id3_tag(size: int, payload: bytes = b"", *, version: int = 4, flags: int = 0):
    """An ID3v2 header declaring ``size`` bytes (syncsafe), then ``payload``."""
    syncsafe = bytes((size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3" + bytes((version, 0, flags)) + syncsafe + payload


def id3_length(data: bytes) -> int:
    """The length of an mp3's leading ID3v2 tag (0 without one)."""
    if data[:3] != b"ID3":
        return 0
    size = 0
    for byte in data[6:10]:
        size = size << 7 | byte & 0x7F
    return 10 + size


def ebml_find(data: bytes, element: bytes, size_byte: int) -> int:
    """Offset of the first ``element`` ID followed by a one-byte size marker."""
    at = data.find(element + bytes((size_byte,)))
    if at < 0:
        raise KeyError(element.hex())
    return at


# --- the generators ------------------------------------------------------------

Generator = Callable[[Clips, random.Random], Iterator[CorpusFile]]
_GENERATORS: list[Generator] = []


def generator(function: Generator) -> Generator:
    _GENERATORS.append(function)
    return function


@generator
def truncated(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    cuts = (1, 3, 4, 8, 12, 27, 44, 45, 100, 300, 1000)
    for base, data in clips.encoded.items():
        seen = set()
        points = [*cuts, *(round(len(data) * f) for f in (0.1, 0.5, 0.9))]
        points += [len(data) - 1, rng.randrange(1, len(data))]
        for cut in points:
            if cut in seen or not 0 < cut < len(data):
                continue
            seen.add(cut)
            yield CorpusFile(
                f"truncated/{base}/at-{cut}",
                "truncated",
                data[:cut],
                EITHER,
                f"the {base} clip's first {cut} of {len(data)} bytes",
            )


@generator
def bit_flipped(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    for base, data in clips.encoded.items():
        for index in range(12):
            mutated = bytearray(data)
            kind = ("header-bits", "bits", "zeroed", "random-block")[index % 4]
            if kind == "header-bits":
                for _ in range(rng.choice((1, 2, 4, 8))):
                    at = rng.randrange(min(len(data), 128))
                    mutated[at] ^= 1 << rng.randrange(8)
            elif kind == "bits":
                for _ in range(rng.choice((1, 16, 256))):
                    at = rng.randrange(len(data))
                    mutated[at] ^= 1 << rng.randrange(8)
            elif kind == "zeroed":
                at = rng.randrange(len(data))
                mutated[at : at + rng.choice((16, 512, 4096))] = b""
                mutated[at:at] = bytes(min(4096, len(data) - at))
            else:
                at = rng.randrange(len(data))
                size = rng.choice((4, 64, 1024))
                mutated[at : at + size] = rng.randbytes(size)
            yield CorpusFile(
                f"bit_flipped/{base}/{kind}-{index}",
                "bit_flipped",
                bytes(mutated),
                EITHER,
                f"the {base} clip, {kind} (random.Random seeded, draw {index})",
            )


@generator
def zero_length(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    for name, data in {
        "empty": b"",
        "one-zero-byte": b"\0",
        "newline": b"\n",
        "spaces": b"    ",
        "zeros-4096": bytes(4096),
        "zeros-5000": bytes(5000),
        "0xff": b"\xff",
        "mp3-sync-only": b"\xff\xfb",
    }.items():
        yield CorpusFile(
            f"zero_length/-/{name}", "zero_length", data, REFUSED, "no audio at all"
        )
    for base, data in clips.encoded.items():
        header = {"wav": 44, "aiff": 54, "flac": 42}.get(base)
        if header:
            yield CorpusFile(
                f"zero_length/{base}/header-only",
                "zero_length",
                data[:header],
                REFUSED,
                "the header and not one sample",
            )
    pcm = b""
    yield CorpusFile(
        "zero_length/wav/data-size-0",
        "zero_length",
        wav(pcm),
        REFUSED,
        "a complete WAV header with an empty data chunk",
    )
    yield CorpusFile(
        "zero_length/aiff/zero-frames",
        "zero_length",
        aiff(np.zeros((0, 1), np.int16)),
        REFUSED,
        "an AIFF of 0 frames",
    )


def _pcm(clips: Clips, rate: int = 22_050, seconds: float = CLIP_SECONDS) -> bytes:
    return np.round(clips.mono(rate, seconds) * 32767).astype("<i2").tobytes()


@generator
def wav_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    pcm = _pcm(clips)
    stereo = clips.int16.astype("<i2").tobytes()
    cases = [
        # (name, category, expect, file, note)
        ("data-size-ffffffff", "huge_length", EITHER, wav(pcm, data_size=0xFFFFFFFF)),
        ("data-size-7fffffff", "huge_length", EITHER, wav(pcm, data_size=0x7FFFFFFF)),
        ("riff-size-ffffffff", "huge_length", EITHER, wav(pcm, riff_size=0xFFFFFFFF)),
        ("riff-size-0", "lying_header", EITHER, wav(pcm, riff_size=0)),
        ("data-size-0-with-data", "lying_header", EITHER, wav(pcm, data_size=0)),
        ("data-size-odd", "lying_header", EITHER, wav(pcm, data_size=12345)),
        (
            "fmt-size-ffffffff",
            "huge_length",
            EITHER,
            wav(pcm, fmt_size=0xFFFFFFFF),
        ),
        ("fmt-size-0", "lying_header", EITHER, wav(pcm, fmt_size=0)),
        ("fmt-size-15", "lying_header", EITHER, wav(pcm, fmt_size=15)),
        ("channels-0", "no_channels", REFUSED, wav(pcm, channels=0, block_align=2)),
        (
            "channels-0-stereo-data",
            "no_channels",
            REFUSED,
            wav(stereo, channels=0, rate=44_100, block_align=4),
        ),
        ("channels-9", "no_channels", REFUSED, wav(pcm, channels=9, block_align=18)),
        ("channels-65535", "no_channels", REFUSED, wav(pcm, channels=65535)),
        ("rate-0", "absurd_rate", REFUSED, wav(pcm, rate=0)),
        ("rate-1", "absurd_rate", REFUSED, wav(pcm, rate=1)),
        ("rate-3999", "absurd_rate", REFUSED, wav(pcm, rate=3999)),
        ("rate-192001", "absurd_rate", REFUSED, wav(pcm, rate=192_001)),
        ("rate-1e9", "absurd_rate", REFUSED, wav(pcm, rate=10**9)),
        ("rate-ffffffff", "absurd_rate", REFUSED, wav(pcm, rate=0xFFFFFFFF)),
        ("byte-rate-0", "lying_header", EITHER, wav(pcm, byte_rate=0)),
        ("byte-rate-ffffffff", "lying_header", EITHER, wav(pcm, byte_rate=2**32 - 1)),
        ("block-align-0", "lying_header", EITHER, wav(pcm, block_align=0)),
        ("block-align-1", "lying_header", EITHER, wav(pcm, block_align=1)),
        ("block-align-65535", "lying_header", EITHER, wav(pcm, block_align=65535)),
        ("bits-0", "lying_header", EITHER, wav(pcm, bits=0, block_align=2)),
        ("bits-1", "lying_header", EITHER, wav(pcm, bits=1, block_align=2)),
        ("bits-7", "lying_header", EITHER, wav(pcm, bits=7, block_align=2)),
        ("bits-12", "lying_header", EITHER, wav(pcm, bits=12, block_align=2)),
        ("bits-64-int", "lying_header", EITHER, wav(pcm, bits=64)),
        ("bits-65535", "lying_header", EITHER, wav(pcm, bits=65535, block_align=2)),
        ("tag-0", "lying_header", EITHER, wav(pcm, tag=0)),
        ("tag-ffff", "lying_header", EITHER, wav(pcm, tag=0xFFFF)),
        ("tag-float-16-bit", "lying_header", EITHER, wav(pcm, tag=3)),
        ("tag-alaw", "lying_header", EITHER, wav(pcm, tag=6)),
        ("tag-adpcm-garbage", "lying_header", EITHER, wav(pcm, tag=2)),
        ("tag-gsm", "lying_header", EITHER, wav(pcm, tag=0x31, block_align=65)),
        ("tag-mp3-with-pcm", "lying_header", EITHER, wav(pcm, tag=0x55)),
        ("tag-aac-with-pcm", "lying_header", EITHER, wav(pcm, tag=0xFF)),
        (
            "extensible-no-extension",
            "lying_header",
            EITHER,
            wav(pcm, tag=0xFFFE),
        ),
        (
            "extensible-garbage-guid",
            "lying_header",
            EITHER,
            wav(
                pcm,
                tag=0xFFFE,
                fmt_extra=struct.pack("<HHI", 22, 16, 4) + rng.randbytes(16),
            ),
        ),
        (
            "extensible-cbsize-ffff",
            "lying_header",
            EITHER,
            wav(pcm, tag=0xFFFE, fmt_extra=struct.pack("<H", 0xFFFF)),
        ),
        ("no-fmt-chunk", "lying_header", REFUSED, _wav_without_fmt(pcm)),
        (
            "no-data-chunk",
            "lying_header",
            REFUSED,
            wav(pcm)[:36] + chunk(b"LIST", pcm[:100]),
        ),
        (
            "junk-chunk-size-ffffffff",
            "huge_length",
            EITHER,
            wav(pcm, before_data=b"JUNK" + struct.pack("<I", 0xFFFFFFFF)),
        ),
        (
            "list-chunk-size-lying",
            "lying_header",
            EITHER,
            wav(pcm, before_data=b"LIST" + struct.pack("<I", 0x7FFFFFF0) + b"INFO"),
        ),
        ("rf64-without-ds64", "huge_length", EITHER, wav(pcm, magic=b"RF64")),
        (
            "rf64-ds64-huge",
            "huge_length",
            EITHER,
            _rf64(pcm, data_size=2**62),
        ),
        ("rf64-ds64-zero", "lying_header", EITHER, _rf64(pcm, data_size=0)),
        (
            "two-fmt-chunks",
            "lying_header",
            EITHER,
            wav(
                pcm,
                before_data=chunk(b"fmt ", struct.pack("<HHIIHH", 1, 0, 0, 0, 0, 0)),
            ),
        ),
    ]
    for name, category, expect, data in cases:
        yield CorpusFile(
            f"{category}/wav/{name}", category, data, expect, f"a 16-bit WAV, {name}"
        )


def _wav_without_fmt(pcm: bytes) -> bytes:
    body = b"WAVE" + chunk(b"data", pcm)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _rf64(pcm: bytes, *, data_size: int) -> bytes:
    ds64 = struct.pack("<QQQI", data_size + 36, data_size, len(pcm) // 2, 0)
    inner = wav(pcm, data_size=0xFFFFFFFF, before_data=chunk(b"ds64", ds64))
    return b"RF64" + struct.pack("<I", 0xFFFFFFFF) + inner[8:]


@generator
def aiff_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    mono = np.round(clips.mono(22_050) * 32767).astype(np.int16)
    cases = [
        ("channels-0", "no_channels", REFUSED, aiff(mono, channels=0)),
        ("channels-minus-1", "no_channels", REFUSED, aiff(mono, channels=-1)),
        ("channels-9", "no_channels", REFUSED, aiff(mono, channels=9)),
        ("rate-0", "absurd_rate", REFUSED, aiff(mono, rate=0)),
        ("rate-1", "absurd_rate", REFUSED, aiff(mono, rate=1)),
        ("rate-1e9", "absurd_rate", REFUSED, aiff(mono, rate=1e9)),
        ("rate-1e300", "absurd_rate", REFUSED, aiff(mono, rate=1e300)),
        ("rate-nan", "absurd_rate", REFUSED, aiff(mono, rate=float("nan"))),
        ("rate-inf", "absurd_rate", REFUSED, aiff(mono, rate=float("inf"))),
        ("rate-negative", "absurd_rate", REFUSED, aiff(mono, rate=-44_100)),
        ("rate-fraction", "absurd_rate", REFUSED, aiff(mono, rate=0.5)),
        ("frames-ffffffff", "huge_length", EITHER, aiff(mono, frames=0xFFFFFFFF)),
        ("frames-0", "lying_header", EITHER, aiff(mono, frames=0)),
        ("ssnd-size-ffffffff", "huge_length", EITHER, aiff(mono, ssnd_size=2**32 - 1)),
        ("form-size-ffffffff", "huge_length", EITHER, aiff(mono, form_size=2**32 - 1)),
        ("bits-0", "lying_header", EITHER, aiff(mono, bits=0)),
        ("bits-1", "lying_header", EITHER, aiff(mono, bits=1)),
        ("bits-64", "lying_header", EITHER, aiff(mono, bits=64)),
        ("bits-32767", "lying_header", EITHER, aiff(mono, bits=32767)),
    ]
    for name, category, expect, data in cases:
        yield CorpusFile(
            f"{category}/aiff/{name}", category, data, expect, f"an AIFF, {name}"
        )


@generator
def flac_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    data = clips.encoded["flac"]
    cases = [
        ("total-samples-2^36-1", "huge_length", EITHER, {"total": 2**36 - 1}),
        ("total-samples-0", "lying_header", EITHER, {"total": 0}),
        ("total-samples-1", "lying_header", EITHER, {"total": 1}),
        ("rate-0", "absurd_rate", EITHER, {"rate": 0}),
        ("rate-1", "absurd_rate", EITHER, {"rate": 1}),
        ("rate-1048575", "absurd_rate", EITHER, {"rate": 0xFFFFF}),
        ("rate-655350", "absurd_rate", EITHER, {"rate": 655_350}),
        ("channels-8-for-2", "lying_header", EITHER, {"channels": 8}),
        ("channels-1-for-2", "lying_header", EITHER, {"channels": 1}),
        ("bits-1", "lying_header", EITHER, {"bits": 1}),
        ("bits-32", "lying_header", EITHER, {"bits": 32}),
        ("block-sizes-0", "lying_header", EITHER, {"min_block": 0, "max_block": 0}),
        ("block-sizes-65535", "lying_header", EITHER, {"max_block": 65535}),
        ("block-min-above-max", "lying_header", EITHER, {"min_block": 9000}),
        ("frame-sizes-max", "lying_header", EITHER, {"max_frame": 0xFFFFFF}),
    ]
    for name, category, expect, fields in cases:
        yield CorpusFile(
            f"{category}/flac/{name}",
            category,
            flac_streaminfo(data, **fields),
            expect,
            f"the flac clip with STREAMINFO {fields}",
        )
    # The first metadata block header: last-block flag, type, 24-bit length.
    for name, header, category in (
        ("streaminfo-length-ffffff", b"\x00\xff\xff\xff", "huge_length"),
        ("streaminfo-length-0", b"\x00\x00\x00\x00", "lying_header"),
        ("streaminfo-as-last-block", b"\x80\x00\x00\x22", "lying_header"),
        ("block-type-127", b"\x7f\x00\x00\x22", "lying_header"),
        ("first-block-padding", b"\x01\x00\x00\x22", "lying_header"),
    ):
        yield CorpusFile(
            f"{category}/flac/{name}",
            category,
            patch(data, 4, header),
            EITHER,
            f"the flac clip's first metadata block header set to {header.hex()}",
        )
    padding = b"\x01" + (0xFFFFF0).to_bytes(3, "big")
    yield CorpusFile(
        "huge_length/flac/padding-block-16mb-declared",
        "huge_length",
        data[:42] + padding + data[42:],
        EITHER,
        "a PADDING block declaring 16 MB inserted after STREAMINFO",
    )


@generator
def ogg_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    vorbis = clips.encoded["ogg"]
    opus = clips.encoded["opus"]
    v = ogg_first_packet_offset(vorbis)
    o = ogg_first_packet_offset(opus)

    def setter(offset: int, value: bytes):
        return lambda page: page.__setitem__(slice(offset, offset + len(value)), value)

    vorbis_cases = [
        # Vorbis identification header: type, "vorbis", version, channels, rate.
        ("channels-0", "no_channels", REFUSED, v + 11, b"\x00"),
        ("channels-255", "no_channels", REFUSED, v + 11, b"\xff"),
        ("rate-0", "absurd_rate", REFUSED, v + 12, struct.pack("<I", 0)),
        ("rate-1", "absurd_rate", REFUSED, v + 12, struct.pack("<I", 1)),
        ("rate-1e9", "absurd_rate", REFUSED, v + 12, struct.pack("<I", 10**9)),
        ("rate-ffffffff", "absurd_rate", REFUSED, v + 12, b"\xff" * 4),
        ("version-1", "lying_header", EITHER, v + 7, b"\x01\x00\x00\x00"),
        ("blocksizes-invalid", "lying_header", EITHER, v + 28, b"\xff"),
        ("granule-huge", "huge_length", EITHER, 6, b"\xff" * 7 + b"\x7f"),
        ("segment-count-255", "lying_header", EITHER, 26, b"\xff"),
    ]
    for name, category, expect, offset, value in vorbis_cases:
        yield CorpusFile(
            f"{category}/ogg/{name}",
            category,
            ogg_edit(vorbis, 0, setter(offset, value)),
            expect,
            f"the Vorbis clip's first page, bytes {offset}.. = {value.hex()} "
            "(CRC fixed)",
        )
    last = len(ogg_pages(vorbis)) - 1
    yield CorpusFile(
        "huge_length/ogg/last-granule-huge",
        "huge_length",
        ogg_edit(vorbis, last, setter(6, b"\xff" * 7 + b"\x7f")),
        EITHER,
        "the last page's granule position near 2^63",
    )
    yield CorpusFile(
        "lying_header/ogg/bad-crc",
        "lying_header",
        ogg_edit(vorbis, 0, setter(22, b"\0\0\0\0"), crc=False),
        EITHER,
        "the first page's CRC zeroed",
    )
    opus_cases = [
        # OpusHead: "OpusHead", version, channels, pre-skip, input rate, gain, mapping
        ("channels-0", "no_channels", REFUSED, o + 9, b"\x00"),
        ("channels-255-family-0", "no_channels", REFUSED, o + 9, b"\xff"),
        ("version-255", "lying_header", EITHER, o + 8, b"\xff"),
        ("pre-skip-65535", "lying_header", EITHER, o + 10, b"\xff\xff"),
        ("input-rate-0", "absurd_rate", EITHER, o + 12, struct.pack("<I", 0)),
        ("input-rate-1e9", "absurd_rate", EITHER, o + 12, struct.pack("<I", 10**9)),
        ("gain-max", "lying_header", EITHER, o + 16, b"\xff\x7f"),
        ("mapping-family-255", "lying_header", EITHER, o + 18, b"\xff"),
        ("mapping-family-1-no-table", "lying_header", EITHER, o + 18, b"\x01"),
    ]
    for name, category, expect, offset, value in opus_cases:
        yield CorpusFile(
            f"{category}/opus/{name}",
            category,
            ogg_edit(opus, 0, setter(offset, value)),
            expect,
            f"the Opus clip's OpusHead, bytes {offset}.. = {value.hex()} (CRC fixed)",
        )


@generator
def mp4_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    for base in ("m4a", "m4a-faststart"):
        data = clips.encoded[base]
        boxes = {name: (offset, size) for name, offset, size in mp4_boxes(data)}
        for path in ("ftyp", "moov", "mdat", "moov/trak", "moov/trak/mdia/minf/stbl"):
            offset, size = boxes[path]
            for label, value, category in (
                ("ffffffff", 0xFFFFFFFF, "huge_length"),
                ("0", 0, "lying_header"),
                ("7", 7, "lying_header"),
                ("plus-1", size + 1, "lying_header"),
            ):
                yield CorpusFile(
                    f"{category}/{base}/{path.replace('/', '.')}-size-{label}",
                    category,
                    patch(data, offset, struct.pack(">I", value)),
                    EITHER,
                    f"the {path} box's 32-bit size set to {value}",
                )
        # A 64-bit "largesize" of 2^63 where the moov box starts.
        offset, size = boxes["moov"]
        yield CorpusFile(
            f"huge_length/{base}/moov-largesize-2^63",
            "huge_length",
            data[:offset]
            + struct.pack(">I4sQ", 1, b"moov", 2**63)
            + data[offset + 8 :],
            EITHER,
            "the moov box's size 1 then a 64-bit size of 2^63",
        )
        stbl = "moov/trak/mdia/minf/stbl"
        entry, _ = boxes[stbl + "/stsd/mp4a"]
        mdhd, _ = boxes["moov/trak/mdia/mdhd"]
        stsz, _ = boxes[stbl + "/stsz"]
        stts, _ = boxes[stbl + "/stts"]
        stsc, _ = boxes[stbl + "/stsc"]
        stco = boxes.get(stbl + "/stco", (None,))[0]
        fields = [
            # AAC takes its channels from the esds config: the stsd count is a lie.
            ("channels-0", "no_channels", EITHER, entry + 24, b"\x00\x00"),
            ("channels-65535", "no_channels", EITHER, entry + 24, b"\xff\xff"),
            ("sample-size-0", "lying_header", EITHER, entry + 26, b"\x00\x00"),
            ("rate-0", "absurd_rate", EITHER, entry + 32, b"\x00\x00\x00\x00"),
            ("rate-1", "absurd_rate", EITHER, entry + 32, b"\x00\x01\x00\x00"),
            ("rate-65535", "absurd_rate", EITHER, entry + 32, b"\xff\xff\x00\x00"),
            ("mdhd-timescale-0", "absurd_rate", EITHER, mdhd + 20, bytes(4)),
            ("mdhd-timescale-1", "absurd_rate", EITHER, mdhd + 20, b"\0\0\0\1"),
            ("mdhd-duration-huge", "huge_length", EITHER, mdhd + 24, b"\xff" * 4),
            ("stsz-count-huge", "huge_length", EITHER, stsz + 16, b"\xff" * 4),
            (
                "stsz-uniform-huge",
                "huge_length",
                EITHER,
                stsz + 12,
                b"\x7f" + b"\xff" * 3,
            ),
            ("stts-entries-huge", "huge_length", EITHER, stts + 12, b"\xff" * 4),
            ("stts-delta-huge", "huge_length", EITHER, stts + 20, b"\xff" * 4),
            ("stsc-entries-huge", "huge_length", EITHER, stsc + 12, b"\xff" * 4),
            ("stsc-first-chunk-0", "lying_header", EITHER, stsc + 16, bytes(4)),
        ]
        if stco is not None:
            fields += [
                ("stco-entries-huge", "huge_length", EITHER, stco + 12, b"\xff" * 4),
                ("stco-offset-past-end", "huge_length", EITHER, stco + 16, b"\xff" * 4),
            ]
        for name, category, expect, offset, value in fields:
            yield CorpusFile(
                f"{category}/{base}/{name}",
                category,
                patch(data, offset, value),
                expect,
                f"bytes {offset}.. of the {base} clip set to {value.hex()}",
            )


@generator
def matroska_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    for base in ("webm", "mka"):
        data = clips.encoded[base]
        channels = ebml_find(data, b"\x9f", 0x81)  # Channels, a 1-byte uint
        rate = ebml_find(data, b"\xb5", 0x88)  # SamplingFrequency, an 8-byte float
        segment = data.find(b"\x18\x53\x80\x67")
        cluster = data.find(b"\x1f\x43\xb6\x75")
        cases = [
            # Opus and FLAC take their channels from the codec private data.
            ("channels-0", "no_channels", EITHER, channels + 2, b"\x00"),
            ("channels-255", "no_channels", EITHER, channels + 2, b"\xff"),
            ("rate-0", "absurd_rate", EITHER, rate + 2, struct.pack(">d", 0.0)),
            ("rate-1", "absurd_rate", EITHER, rate + 2, struct.pack(">d", 1.0)),
            ("rate-1e9", "absurd_rate", EITHER, rate + 2, struct.pack(">d", 1e9)),
            ("rate-nan", "absurd_rate", EITHER, rate + 2, struct.pack(">d", math.nan)),
            ("rate-inf", "absurd_rate", EITHER, rate + 2, struct.pack(">d", math.inf)),
            ("rate-negative", "absurd_rate", EITHER, rate + 2, struct.pack(">d", -1.0)),
            (
                "segment-size-unknown",
                "huge_length",
                EITHER,
                segment + 4,
                b"\x01\xff\xff\xff\xff\xff\xff\xff",
            ),
            (
                "segment-size-2^55",
                "huge_length",
                EITHER,
                segment + 4,
                b"\x01\x7f\xff\xff\xff\xff\xff\xff",
            ),
            (
                "cluster-size-unknown",
                "huge_length",
                EITHER,
                cluster + 4,
                b"\x01\xff\xff\xff\xff\xff\xff\xff",
            ),
            (
                "doctype-garbage",
                "lying_header",
                EITHER,
                data.find(b"\x42\x82") + 3,
                b"xy",
            ),
            ("ebml-header-size-huge", "huge_length", EITHER, 4, b"\x01\x7f\xff\xff"),
        ]
        for name, category, expect, offset, value in cases:
            yield CorpusFile(
                f"{category}/{base}/{name}",
                category,
                patch(data, offset, value),
                expect,
                f"bytes {offset}.. of the {base} clip set to {value.hex()}",
            )


@generator
def mp3_headers(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    data = clips.encoded["mp3"]
    tag = id3_length(data)
    frames = data[tag:]
    info = data.find(b"Info")
    cases = [
        ("id3-size-256mb", "huge_length", EITHER, id3_tag(0x0FFFFFFF) + frames),
        ("id3-size-0", "lying_header", EITHER, id3_tag(0) + frames),
        (
            "id3-size-past-end",
            "huge_length",
            EITHER,
            id3_tag(len(frames) + 10) + frames,
        ),
        ("id3-only", "zero_length", REFUSED, data[:tag]),
        ("id3-version-255", "lying_header", EITHER, patch(data, 3, b"\xff")),
        ("id3-flags-all", "lying_header", EITHER, patch(data, 5, b"\xff")),
        (
            "id3-footer-flag-no-footer",
            "lying_header",
            EITHER,
            patch(data, 5, b"\x10"),
        ),
        (
            "id3-frame-size-huge",
            "huge_length",
            EITHER,
            patch(data, 14, b"\x7f\x7f\x7f\x7f"),
        ),
        (
            "xing-frames-ffffffff",
            "huge_length",
            EITHER,
            patch(data, info + 8, b"\xff" * 4),
        ),
        ("xing-frames-0", "lying_header", EITHER, patch(data, info + 8, bytes(4))),
        (
            "xing-bytes-ffffffff",
            "huge_length",
            EITHER,
            patch(data, info + 12, b"\xff" * 4),
        ),
        (
            "first-frame-free-format",
            "lying_header",
            EITHER,
            patch(data, tag + 2, bytes((data[tag + 2] & 0x0F,))),
        ),
        (
            "frames-mixed-rates",
            "lying_header",
            EITHER,
            frames[: len(frames) // 2]
            + _mp3_frames(encode_audio(clips.mono(22_050)[:, None], 22_050, "mp3")),
        ),
        (
            "frames-mixed-channels",
            "lying_header",
            EITHER,
            frames[: len(frames) // 2]
            + _mp3_frames(encode_audio(clips.mono(44_100), 44_100, "mp3")),
        ),
    ]
    for name, category, expect, file in cases:
        yield CorpusFile(
            f"{category}/mp3/{name}", category, file, expect, f"the mp3 clip, {name}"
        )


def _mp3_frames(data: bytes) -> bytes:
    return data[id3_length(data) :]


def _mp3(clips: Clips) -> bytes:
    return clips.encoded["mp3"]


@generator
def polyglots(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    enc = clips.encoded
    frames = _mp3_frames(enc["mp3"])
    pcm = _pcm(clips)
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"
    pdf = _pdf()
    zipped = _zip({"song.mp3": enc["mp3"]})
    cases = [
        ("wav-header-mp3-frames", EITHER, wav(frames, rate=44_100, channels=2)),
        (
            "wav-tag-mp3-mp3-frames",
            EITHER,
            wav(frames, tag=0x55, rate=44_100, channels=2, bits=0, block_align=1),
        ),
        ("wav-header-flac-file", EITHER, wav(enc["flac"])),
        ("wav-header-html", EITHER, wav(html * 50)),
        ("wav-header-then-zip", EITHER, wav(pcm) + zipped),
        ("id3-then-flac", EITHER, id3_tag(0) + enc["flac"]),
        ("id3-then-ogg", EITHER, id3_tag(0) + enc["ogg"]),
        ("id3-then-wav", EITHER, id3_tag(0) + enc["wav"]),
        ("id3-then-m4a", EITHER, id3_tag(0) + enc["m4a"]),
        ("id3-then-html", REFUSED, id3_tag(len(html)) + html),
        # A stored zip holds the mp3 as it is: FFmpeg finds its frames.
        ("id3-then-zip", EITHER, id3_tag(0) + zipped),
        ("id3-then-pdf", REFUSED, id3_tag(0) + pdf),
        ("flac-magic-then-pdf", REFUSED, b"fLaC" + pdf),
        ("flac-magic-then-mp3", EITHER, b"fLaC" + frames),
        ("ogg-magic-then-zip", EITHER, b"OggS" + zipped),
        ("ogg-magic-then-zipped-text", REFUSED, b"OggS" + _zip({"a.txt": b"hi" * 99})),
        ("riff-wave-then-html", REFUSED, b"RIFF\x00\x10\x00\x00WAVE" + html),
        ("ftyp-then-html", REFUSED, b"\x00\x00\x00\x14ftypM4A \x00\x00\x00\x00" + html),
        ("ebml-magic-then-mp3", EITHER, b"\x1a\x45\xdf\xa3" + frames),
        ("form-aiff-then-wav", EITHER, b"FORM\x00\x00\x10\x00AIFF" + enc["wav"]),
        ("mp3-then-zip", EITHER, enc["mp3"] + zipped),
        ("mp3-then-html", EITHER, enc["mp3"] + html),
        ("flac-then-mp3", EITHER, enc["flac"] + frames),
        ("wav-then-wav", EITHER, enc["wav"] + enc["wav"]),
        ("ogg-vorbis-then-opus", EITHER, enc["ogg"] + enc["opus"]),
        ("ogg-then-flac", EITHER, enc["ogg"] + enc["flac"]),
        ("m4a-then-mp3", EITHER, enc["m4a"] + enc["mp3"]),
        ("m4a-with-mp3-as-mdat", EITHER, _mdat_replaced(enc["m4a"], frames)),
        ("mp3-frames-with-html-between", EITHER, frames[:2000] + html + frames[2000:]),
        ("zip-holding-mp3", REFUSED, zipped),
        ("pdf-with-mp3-appended", REFUSED, pdf + enc["mp3"]),
        ("html-with-mp3-appended", REFUSED, html + enc["mp3"]),
        ("zeros-4096-then-mp3", ACCEPTED, bytes(4096) + frames),
        ("zeros-4097-then-mp3", REFUSED, bytes(4097) + frames),
        ("mp3-sync-then-html", REFUSED, b"\xff\xfb\x90\x00" + html),
        ("mp3-sync-then-zeros", REFUSED, b"\xff\xfb\x90\x00" + bytes(10_000)),
        ("gzip-of-wav", REFUSED, gzip.compress(enc["wav"], mtime=0)),
    ]
    for name, expect, data in cases:
        yield CorpusFile(
            f"polyglot/-/{name}", "polyglot", data, expect, f"two formats: {name}"
        )


def _mdat_replaced(m4a: bytes, payload: bytes) -> bytes:
    offset, size = mp4_box(m4a, "mdat")
    body = payload[: size - 8].ljust(size - 8, b"\0")
    return m4a[: offset + 8] + body + m4a[offset + size :]


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(info, data)
    return buffer.getvalue()


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


@generator
def not_audio(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    mono = np.round(clips.mono(22_050) * 32767).astype(np.int16)
    cases = {
        "html": b"<html><head><title>song.mp3</title></head><body></body></html>",
        "pdf": _pdf(),
        "zip-empty": _zip({}),
        "json": json.dumps({"provider": "local", "track_id": "x"}).encode(),
        "plain-text": "Ceci n'est pas une chanson. ♫\n".encode(),
        "utf16-bom-text": "ID3 is not here".encode("utf-16"),
        "png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(200),
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(200),
        "gif": b"GIF89a" + rng.randbytes(100),
        "elf": b"\x7fELF\x02\x01\x01" + bytes(57),
        "gzip": gzip.compress(b"hello", mtime=0),
        "midi": b"MThd\x00\x00\x00\x06\x00\x00\x00\x01\x00\x60MTrk\x00\x00\x00\x04"
        b"\x00\xff\x2f\x00",
        "random-1k": rng.randbytes(1024),
        "random-64k": rng.randbytes(65536),
        "m3u-playlist": b"#EXTM3U\n#EXTINF:123,Artist - Title\nhttp://127.0.0.1/x.mp3\n",
        "adts-aac": mux(mono, 22_050, "adts", "aac"),
        "au": mux(mono, 22_050, "au", "pcm_s16be"),
        "w64": mux(mono, 22_050, "w64", "pcm_s16le"),
        "caf": mux(mono, 22_050, "caf", "pcm_s16le"),
    }
    for name, data in cases.items():
        yield CorpusFile(
            f"not_audio/-/{name}", "not_audio", data, REFUSED, f"not audio: {name}"
        )


@generator
def valid_odd(clips: Clips, rng: random.Random) -> Iterator[CorpusFile]:
    mono = clips.mono(22_050)
    noise_rng = np.random.default_rng(clips.seed)

    def pcm16(signal: np.ndarray) -> bytes:
        return np.round(np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()

    stereo = clips.int16
    square = np.sign(np.sin(2 * np.pi * 220 * np.arange(44_100) / 22_050))
    floats = mono.astype("<f4")
    nan_floats = floats.copy()
    nan_floats[1000:1100] = np.nan
    inf_floats = floats.copy()
    inf_floats[5] = np.inf
    eight = np.tile(np.round(mono * 32767).astype("<i2")[:, None], (1, 8))
    cases = [
        (
            "wav-8-bit-unsigned",
            ACCEPTED,
            wav(np.round(mono * 127 + 128).astype(np.uint8).tobytes(), bits=8),
        ),
        ("wav-24-bit", ACCEPTED, wav(_int24(mono), bits=24)),
        (
            "wav-32-bit-int",
            ACCEPTED,
            wav(np.round(mono * 2**31 * 0.9).astype("<i4").tobytes(), bits=32),
        ),
        ("wav-32-bit-float", ACCEPTED, wav(floats.tobytes(), bits=32, tag=3)),
        (
            "wav-64-bit-float",
            ACCEPTED,
            wav(mono.astype("<f8").tobytes(), bits=64, tag=3),
        ),
        ("wav-float-peak-8", ACCEPTED, wav((floats * 8).tobytes(), bits=32, tag=3)),
        ("wav-float-1e10", REFUSED, wav((floats * 1e10).tobytes(), bits=32, tag=3)),
        (
            "wav-float-max",
            REFUSED,
            wav(np.full(44_100, 3.4e38, "<f4").tobytes(), bits=32, tag=3),
        ),
        ("wav-float-nan", REFUSED, wav(nan_floats.tobytes(), bits=32, tag=3)),
        ("wav-float-inf", REFUSED, wav(inf_floats.tobytes(), bits=32, tag=3)),
        (
            "wav-float-all-nan",
            REFUSED,
            wav(np.full(44_100, np.nan, "<f4").tobytes(), bits=32, tag=3),
        ),
        (
            "wav-double-nan",
            REFUSED,
            wav(np.full(44_100, np.nan, "<f8").tobytes(), bits=64, tag=3),
        ),
        ("wav-8-channels", ACCEPTED, wav(eight.tobytes(), channels=8)),
        (
            "wav-extensible-stereo",
            ACCEPTED,
            wav(
                stereo.astype("<i2").tobytes(),
                channels=2,
                rate=44_100,
                tag=0xFFFE,
                fmt_extra=struct.pack("<HHI", 22, 16, 3)
                + bytes.fromhex("0100000000001000800000aa00389b71"),
            ),
        ),
        ("wav-4000-hz", ACCEPTED, wav(pcm16(clips.mono(4000)), rate=4000)),
        ("wav-8000-hz", ACCEPTED, wav(pcm16(clips.mono(8000)), rate=8000)),
        ("wav-192000-hz", ACCEPTED, wav(pcm16(clips.mono(192_000)), rate=192_000)),
        (
            "wav-11025-hz-odd-length",
            ACCEPTED,
            wav(pcm16(clips.mono(11_025, 1.77)), rate=11_025),
        ),
        ("wav-silence", ACCEPTED, wav(bytes(88_200))),
        ("wav-dc-full-scale", ACCEPTED, wav(np.full(44_100, 32767, "<i2").tobytes())),
        ("wav-min-value", ACCEPTED, wav(np.full(44_100, -32768, "<i2").tobytes())),
        ("wav-square-full-scale", ACCEPTED, wav(pcm16(square))),
        ("wav-white-noise", ACCEPTED, wav(pcm16(noise_rng.uniform(-1, 1, 44_100)))),
        ("wav-one-click", ACCEPTED, wav(pcm16(np.eye(1, 44_100, 22_050)[0]))),
        ("wav-chunks-before-fmt", ACCEPTED, _wav_chunks_first(pcm16(mono))),
        (
            "wav-odd-list-chunk",
            ACCEPTED,
            wav(pcm16(mono), before_data=chunk(b"LIST", b"INFOISFT\x03\x00\x00ab\x00")),
        ),
        ("wav-data-shorter-than-declared", EITHER, wav(pcm16(mono))[:-1000]),
        ("wav-one-sample", REFUSED, wav(b"\x01\x00")),
        ("wav-half-second", ACCEPTED, wav(pcm16(mono[:11_025]))),
        ("wav-40-ms", REFUSED, wav(pcm16(mono[:882]))),
        ("wav-1.01-seconds", ACCEPTED, wav(pcm16(clips.mono(22_050, 1.01)))),
        ("mp3-8000-hz-mono", ACCEPTED, encode_audio(clips.mono(8000), 8000, "mp3")),
        ("mp3-32-kbps", ACCEPTED, encode_audio(mono, 22_050, "mp3", bitrate=32_000)),
        (
            "mp3-320-kbps",
            ACCEPTED,
            encode_audio(clips.stereo, CLIP_RATE, "mp3", bitrate=320_000),
        ),
        ("mp3-no-id3", ACCEPTED, _mp3_frames(_mp3(clips))),
        ("mp3-id3v1-and-ape-at-end", ACCEPTED, _mp3(clips) + _ape_tag() + _id3v1()),
        (
            "mp3-id3-1mb-padding",
            ACCEPTED,
            id3_tag(2**20) + bytes(2**20) + _mp3_frames(_mp3(clips)),
        ),
        ("mp3-two-id3-tags", ACCEPTED, id3_tag(10) + bytes(10) + _mp3(clips)),
        ("mp3-silence", ACCEPTED, encode_audio(np.zeros(44_100), 22_050, "mp3")),
        ("flac-silence", ACCEPTED, encode_audio(np.zeros(44_100), 22_050, "flac")),
        (
            "flac-8-channels",
            ACCEPTED,
            mux(eight.astype(np.int16), 22_050, "flac", "flac", layout="7.1"),
        ),
        ("flac-mono-4000-hz", ACCEPTED, encode_audio(clips.mono(4000), 4000, "flac")),
        ("ogg-opus", ACCEPTED, clips.encoded["opus"]),
        ("webm-opus", ACCEPTED, clips.encoded["webm"]),
        ("mka-flac", ACCEPTED, clips.encoded["mka"]),
        ("aiff", ACCEPTED, clips.encoded["aiff"]),
        ("aiff-hand-made", ACCEPTED, aiff(np.round(mono * 32767).astype(np.int16))),
        ("m4a-index-at-end", ACCEPTED, clips.encoded["m4a"]),
        ("m4a-faststart", ACCEPTED, clips.encoded["m4a-faststart"]),
        ("mov-aac", ACCEPTED, mux(stereo, CLIP_RATE, "mov", "aac")),
        ("mp4-alac", ACCEPTED, mux(stereo, CLIP_RATE, "mp4", "alac")),
        ("ogg-flac", ACCEPTED, mux(stereo, CLIP_RATE, "ogg", "flac")),
        (
            "flac-silence-610-s",
            REFUSED,
            encode_audio(np.zeros(round(TOO_LONG_SECONDS * 4000)), 4000, "flac"),
        ),
    ]
    for name, expect, data in cases:
        yield CorpusFile(
            f"valid_odd/-/{name}", "valid_odd", data, expect, f"valid but odd: {name}"
        )


def _int24(signal: np.ndarray) -> bytes:
    values = np.round(np.clip(signal, -1, 1) * (2**23 - 1)).astype("<i4")
    return values.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()


def _wav_chunks_first(pcm: bytes) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, 22_050, 44_100, 2, 16)
    body = (
        b"WAVE" + chunk(b"JUNK", bytes(28)) + chunk(b"fmt ", fmt) + chunk(b"data", pcm)
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _id3v1() -> bytes:
    return (
        b"TAG"
        + b"Title".ljust(30, b"\0")
        + b"Artist".ljust(30, b"\0")
        + bytes(30 + 4 + 30)
        + b"\x11"
    )


def _ape_tag() -> bytes:
    item = struct.pack("<II", 5, 0) + b"Title\0" + b"Hello"
    footer = b"APETAGEX" + struct.pack("<IIII", 2000, len(item) + 32, 1, 0) + bytes(8)
    return item + footer


# --- the command ---------------------------------------------------------------


def write_corpus(out: Path, seed: int = DEFAULT_SEED, only: str | None = None) -> int:
    """Write the corpus (or the file ``only``) under ``out``; return the count."""
    files = [corpus_file(only, seed)] if only else build_corpus(seed)
    for f in files:
        path = out / f.name.replace("/-/", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f.data)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", help="one file's name, as a failing test gives it")
    args = parser.parse_args(argv)
    count = write_corpus(args.out, args.seed, args.only)
    print(f"wrote {count} file(s) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
