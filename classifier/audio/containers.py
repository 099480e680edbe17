"""What the decoder opens: the containers, sample rates and channel counts it accepts.

Everything here is checked before a packet of audio is decoded. Bytes that do not
begin like an accepted format never reach FFmpeg (:mod:`.sniff`). FFmpeg is told which
demuxers it may use (``format_whitelist``: the ``ACCEPTED_CONTAINERS``), so an au,
voc, ADTS, avi, MPEG-TS or image file is refused as soon as its format is recognised,
and that only audio decoders may run while it looks at the streams
(``codec_whitelist``), so a video track in an accepted container (an 18 kB mp4 can
hold an 8192x8192 H.264 frame) is never decoded. The first audio stream must then
declare a rate of 4-192 kHz and 1-8 channels.
"""

import functools
import io

import av

from .errors import (
    AudioChannelsError,
    AudioDecodeError,
    AudioFormatError,
    AudioNoStreamError,
    AudioSampleRateError,
)
from .names import ACCEPTED_CONTAINERS
from .sniff import sniff_container

#: Lowest source rate accepted: telephone audio is 8 kHz; below 4 kHz nothing is music.
MIN_SAMPLE_RATE = 4_000
#: Highest source rate accepted: 192 kHz is the top of what studios deliver; above it
#: (DXD's 352.8/384 kHz) a tiny file is mostly a way to make the decoder work.
MAX_SAMPLE_RATE = 192_000
#: Most channels accepted: FLAC and ALAC stop at 8, so do Vorbis's and Opus's standard
#: mappings and AAC's 7.1; more is an ambisonic or multitrack recording, not a song.
MAX_CHANNELS = 8
#: FFmpeg reads at most this much (PROBE_BUF_MAX) to recognise a format: the name of a
#: refused one is found again in this prefix, with every decoder disabled.
_PROBE_BYTES = 1 << 20


def open_audio(data: bytes) -> tuple[av.container.InputContainer, av.AudioStream]:
    """Open ``data`` and check its first audio stream.

    Parameters
    ----------
    data : bytes
        The whole file, not empty.

    Returns
    -------
    container : av.container.InputContainer
        Open; the caller closes it.
    stream : av.AudioStream
        Its first audio stream.

    Raises
    ------
    NotAudioError
        The bytes do not begin like an accepted format (FFmpeg never sees them).
    AudioDecodeError
        Not a media file FFmpeg can read.
    AudioFormatError
        A container that is not accepted.
    AudioNoStreamError, AudioSampleRateError, AudioChannelsError
        No audio stream, or its rate or channel count is refused.
    """
    sniff_container(data)
    container = _open(data)
    try:
        if not container.streams.audio:
            raise AudioNoStreamError("the file holds no audio stream")
        stream = container.streams.audio[0]
        if stream.codec_context is None:
            raise AudioDecodeError("the audio codec is unknown or unsupported")
        check_rate(stream.codec_context.sample_rate, "source")
        check_channels(stream.codec_context.channels)
    except BaseException:
        container.close()
        raise
    return container, stream


def check_rate(rate: int, what: str) -> None:
    """Raise AudioSampleRateError unless ``rate`` is within the accepted range."""
    if not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
        raise AudioSampleRateError(
            f"{what} sample rate {rate} Hz is outside "
            f"{MIN_SAMPLE_RATE}-{MAX_SAMPLE_RATE} Hz",
            sample_rate=rate,
        )


def check_channels(channels: int) -> None:
    """Raise AudioChannelsError unless there are 1 to MAX_CHANNELS channels."""
    if not 1 <= channels <= MAX_CHANNELS:
        raise AudioChannelsError(
            f"the audio stream has {channels} channels; 1-{MAX_CHANNELS} are accepted",
            channels=channels,
        )


def _open(data: bytes) -> av.container.InputContainer:
    """``data`` opened by an accepted demuxer, its streams found by audio decoders."""
    try:
        return av.open(
            io.BytesIO(data),
            mode="r",
            container_options=_open_options(),
            metadata_errors="replace",
        )
    except (av.error.FFmpegError, ValueError, EOFError) as error:
        name = _probed_format(data)
        if name is not None and not _accepted(name):
            raise AudioFormatError(
                f"the {name} container is not accepted; accepted: "
                f"{', '.join(sorted(ACCEPTED_CONTAINERS))}",
                format_name=name,
            ) from error
        raise AudioDecodeError(f"not a readable audio file ({error})") from error


@functools.cache
def _open_options() -> dict[str, str]:
    """FFmpeg's allow-lists: the accepted demuxers, and every audio decoder."""
    decoders = set()
    for name in av.codecs_available:
        try:
            codec = av.Codec(name, "r")
        except ValueError:  # an encoder only
            continue
        if codec.type == "audio":
            decoders.add(codec.name)
    return {
        "format_whitelist": ",".join(sorted(ACCEPTED_CONTAINERS)),
        "codec_whitelist": ",".join(sorted(decoders)),
    }


def _probed_format(data: bytes) -> str | None:
    """The format FFmpeg recognises in ``data``'s first bytes, decoding nothing."""
    try:
        with av.open(
            io.BytesIO(data[:_PROBE_BYTES]),
            mode="r",
            container_options={"codec_whitelist": "none"},
            metadata_errors="replace",
        ) as probe:
            return probe.format.name
    except (av.error.FFmpegError, ValueError, EOFError):
        return None


def _accepted(format_name: str) -> bool:
    """Whether a demuxer's name (its aliases, comma-separated) is on the list."""
    return not ACCEPTED_CONTAINERS.isdisjoint(format_name.split(","))
