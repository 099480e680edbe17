"""Recognise the accepted containers by their first bytes, before FFmpeg sees them.

FFmpeg, given bytes, tries every demuxer it has on them; the decoder restricts it to
the accepted ones (:mod:`.containers`), but the bytes are still parsed by FFmpeg
code. This check runs first and in pure Python: a file goes on only when it begins
like one of the accepted formats, so a text file named ``.mp3``, a picture, a PDF or
a playlist is refused as not audio without any FFmpeg code reading it.

=============  =====================================================================
format         first bytes
=============  =====================================================================
mp3            an ID3v2 tag (``ID3``), or an MPEG audio frame header (after zero
               padding, if any): sync, a valid version, layer, bit rate and rate
mp4/m4a/mov    an atom: a 4-byte size, then ``ftyp`` (or QuickTime's ``moov``,
               ``mdat``, ``wide``, ``free``, ``skip``)
ogg            ``OggS``
flac           ``fLaC``
wav            ``RIFF`` (or ``RF64``, ``BW64``), a size, ``WAVE``
aiff           ``FORM``, a size, ``AIFF`` or ``AIFC``
webm/mkv       the EBML magic ``1A 45 DF A3``
=============  =====================================================================
"""

from .errors import NotAudioError

#: Zero bytes skipped before an MPEG audio frame (some encoders pad the start).
MAX_LEADING_ZEROS = 4096
_QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
_RIFF = (b"RIFF", b"RF64", b"BW64")


def sniff_container(data: bytes) -> str:
    """The accepted format ``data`` begins like (``"mp3"``, ``"mp4"`` ...).

    Raises
    ------
    NotAudioError
        It begins like none of them.
    """
    head = data[:12]
    if head[:3] == b"ID3":
        return "mp3"  # an ID3v2 tag: mp3 mostly (FFmpeg decides what follows)
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] in _RIFF and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "matroska"
    if head[4:8] in _QUICKTIME_ATOMS:
        return "mp4"
    start = len(data[:MAX_LEADING_ZEROS]) - len(data[:MAX_LEADING_ZEROS].lstrip(b"\0"))
    if is_mpeg_audio_header(data[start : start + 4]):
        return "mp3"
    raise NotAudioError(
        "the file does not begin like any accepted audio format "
        f"(first bytes {data[:8].hex(' ')})"
    )


def is_mpeg_audio_header(header: bytes) -> bool:
    """Whether 4 bytes are a valid MPEG-1/2/2.5 audio frame header (layer I-III).

    11 sync bits set; version not the reserved ``01``; layer not the reserved
    ``00`` (ADTS AAC has ``00`` here); bit rate index not ``1111``; sample rate
    index not ``11``; emphasis not the reserved ``10``.
    """
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return False
    version = (header[1] >> 3) & 0b11
    layer = (header[1] >> 1) & 0b11
    bitrate = header[2] >> 4
    rate = (header[2] >> 2) & 0b11
    emphasis = header[3] & 0b11
    return (
        version != 0b01
        and layer != 0b00
        and bitrate != 0xF
        and rate != 0b11
        and (emphasis != 0b10)
    )
