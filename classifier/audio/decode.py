"""Decode audio-file bytes in-process with PyAV (the FFmpeg inside its wheel).

mp3, AAC/m4a (also with the index at the end), ogg/vorbis, flac and wav come out as one
mono float64 signal on the int16 scale (±32768), which is what pyAudioAnalysis expects,
at one analysis rate. The channels are averaged with NumPy as frames arrive; the mono
signal is then resampled by FFmpeg's libswresample (a windowed-sinc polyphase filter
that low-passes below the lower of the two Nyquist frequencies, so downsampling does
not alias), fed in one-second chunks: about twice as fast as ``resample_poly`` on a
30 s clip, and it keeps ``scipy.signal`` (~50 MiB resident) out of web workers. A
signal already at the analysis rate passes untouched (a 16-bit wav keeps its exact
sample values).
Decoding stops, and :class:`AudioTooLongError` is raised, as soon as the decoded audio
passes ``max_seconds``: a two-hour upload is never decoded whole.
"""

import io
from fractions import Fraction

import av
import numpy as np

from .errors import (
    AudioDecodeError,
    AudioNoStreamError,
    AudioSampleRateError,
    AudioTooLongError,
)
from .names import ANALYSIS_RATE, INT16_SCALE

#: Lowest source rate accepted: telephone audio is 8 kHz; below 4 kHz nothing is music.
MIN_SAMPLE_RATE = 4_000
#: Highest source rate accepted: 384 kHz (DXD) is the top of real recordings; the mono
#: signal held in memory is max_seconds * rate * 8 bytes.
MAX_SAMPLE_RATE = 384_000
DEFAULT_MAX_SECONDS = 600.0
#: The resampler is fed this many seconds at a time: one call for the whole clip is
#: several times slower inside libswresample, one per decoded frame costs Python calls.
_RESAMPLE_CHUNK_S = 1.0
#: Frames are downmixed in batches of about this many samples.
_BATCH_SAMPLES = 2**16
#: Sample format (planar or packed) -> (offset, factor) that maps it to int16 scale.
_SCALES: dict[str, tuple[float, float]] = {
    "u8": (128.0, 256.0),
    "s16": (0.0, 1.0),
    "s32": (0.0, 2.0**-16),
    "s64": (0.0, 2.0**-48),
    "flt": (0.0, INT16_SCALE),
    "dbl": (0.0, INT16_SCALE),
}


def decode_audio(
    data: bytes,
    *,
    max_seconds: float = DEFAULT_MAX_SECONDS,
    sample_rate: int = ANALYSIS_RATE,
) -> tuple[np.ndarray, int]:
    """Decode the first audio stream of a file held in memory.

    Parameters
    ----------
    data : bytes
        The whole file (mp3, m4a/AAC, ogg/vorbis, flac, wav, or anything else FFmpeg
        reads).
    max_seconds : float
        Longest audio accepted.
    sample_rate : int
        Rate of the returned signal, in Hz.

    Returns
    -------
    signal : np.ndarray [shape=(n,), dtype=float64]
        Mono (the mean of the channels), int16-scaled.
    sample_rate : int
        ``sample_rate``.

    Raises
    ------
    AudioDecodeError
        Empty bytes, not a media file, or nothing decodable in it.
    AudioNoStreamError
        A media file without an audio stream.
    AudioSampleRateError
        The stream's (or the requested) rate is outside 4 kHz - 384 kHz.
    AudioTooLongError
        The audio runs past ``max_seconds`` (decoding stops there).
    """
    _check_rate(sample_rate, "requested")
    if not data:
        raise AudioDecodeError("no audio data: the file is empty")
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError, EOFError) as error:
        raise AudioDecodeError(f"not a readable audio file ({error})") from error
    with container:
        if not container.streams.audio:
            raise AudioNoStreamError("the file holds no audio stream")
        stream = container.streams.audio[0]
        if stream.codec_context is None:
            raise AudioDecodeError("the audio codec is unknown or unsupported")
        _check_rate(stream.codec_context.sample_rate, "source")
        signal = _decode_stream(container, stream, max_seconds, sample_rate)
    return signal, sample_rate


def _check_rate(rate: int, what: str) -> None:
    if not MIN_SAMPLE_RATE <= rate <= MAX_SAMPLE_RATE:
        raise AudioSampleRateError(
            f"{what} sample rate {rate} Hz is outside "
            f"{MIN_SAMPLE_RATE}-{MAX_SAMPLE_RATE} Hz"
        )


def _decode_stream(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    max_seconds: float,
    sample_rate: int,
) -> np.ndarray:
    """Decode ``stream`` to one mono int16-scaled signal at ``sample_rate``.

    A damaged packet is skipped, as the ``ffmpeg`` tool does; a container that breaks
    off ends the stream (a truncated download keeps what arrived). Frames are
    downmixed a batch at a time, so memory holds one channel, not all of them.
    """
    source_rate = stream.codec_context.sample_rate
    mono: list[np.ndarray] = []
    batch: list[av.AudioFrame] = []
    batch_samples = decoded = 0
    try:
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                continue
            for frame in frames:
                if frame.sample_rate != source_rate:
                    raise AudioDecodeError("the sample rate changes inside the stream")
                decoded += frame.samples
                if decoded > max_seconds * source_rate:
                    raise AudioTooLongError(
                        f"the audio is longer than {max_seconds:g} s",
                        max_seconds=max_seconds,
                    )
                batch.append(frame)
                batch_samples += frame.samples
                if batch_samples >= _BATCH_SAMPLES:
                    mono.append(_downmix(batch))
                    batch, batch_samples = [], 0
    except av.error.FFmpegError as error:
        if not mono and not batch:
            raise AudioDecodeError(
                f"the audio could not be decoded ({error})"
            ) from error
    if batch:
        mono.append(_downmix(batch))
    if not mono:
        raise AudioDecodeError("no audio could be decoded from the file")
    signal = np.concatenate(mono)
    if source_rate == sample_rate:
        return signal
    return _resample(signal, source_rate, sample_rate)


def _resample(signal: np.ndarray, source_rate: int, sample_rate: int) -> np.ndarray:
    """``signal`` at ``sample_rate``, through libswresample in float64."""
    resampler = av.AudioResampler(format="dbl", layout="mono", rate=sample_rate)
    time_base = Fraction(1, source_rate)
    chunk = max(1, round(_RESAMPLE_CHUNK_S * source_rate))
    parts: list[np.ndarray] = []
    for start in range(0, len(signal), chunk):
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(signal[None, start : start + chunk]),
            format="dbl",
            layout="mono",
        )
        frame.sample_rate = source_rate
        frame.pts = start
        frame.time_base = time_base
        parts.extend(out.to_ndarray()[0] for out in resampler.resample(frame))
    parts.extend(out.to_ndarray()[0] for out in resampler.resample(None))
    return np.concatenate(parts) if parts else np.zeros(0)


def _downmix(frames: list[av.AudioFrame]) -> np.ndarray:
    """The frames' channels averaged, int16-scaled [shape=(total samples,)]."""
    fmt, layout = frames[0].format, frames[0].layout
    if any(f.format.name != fmt.name or f.layout.name != layout.name for f in frames):
        raise AudioDecodeError("the sample format changes inside the stream")
    offset, factor = _SCALES.get(fmt.name.rstrip("p"), (None, None))
    if factor is None:
        raise AudioDecodeError(f"unsupported sample format {fmt.name}")
    channels = layout.nb_channels
    if channels < 1:
        raise AudioDecodeError("the audio stream declares no channels")
    try:  # planar frames give (channels, n); packed ones one interleaved row
        samples = np.concatenate([f.to_ndarray() for f in frames], axis=1)
        if not fmt.is_planar:
            samples = samples.reshape(-1, channels).T
    except ValueError as error:
        raise AudioDecodeError(f"the audio frames are malformed ({error})") from error
    mono = samples.mean(axis=0, dtype=np.float64)
    if offset:
        mono -= offset
    if factor != 1.0:
        mono *= factor
    return mono
