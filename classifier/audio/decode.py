"""Decode audio-file bytes in-process with PyAV (the FFmpeg inside its wheel).

mp3, AAC/m4a (also with the index at the end), ogg (vorbis, opus), flac, wav, aiff and
webm/matroska come out as one mono float64 signal on the int16 scale (±32768), which is
what pyAudioAnalysis expects, at one analysis rate. :mod:`.containers` refuses every
other input before a packet is decoded.

Memory is bounded by the cap at the output rate, whatever the source rate, channel
count or compression ratio: decoded frames are downmixed a batch at a time (the mean of
the channels, with NumPy) and each batch goes straight through one FFmpeg resampler
(libswresample, a windowed-sinc polyphase filter that low-passes below the lower
Nyquist frequency, so downsampling does not alias) whose state carries over from batch
to batch, into one output buffer of ``max_seconds * sample_rate`` samples. The output
equals a one-shot resample of the whole signal, bit for bit. That buffer is allocated
once and never copied; its pages cost memory only when written, so a 30 s clip touches
30 s of it. A signal already at the output rate skips the resampler (a 16-bit wav keeps
its exact sample values).
Decoding stops, and :class:`AudioTooLongError` is raised, as soon as the decoded audio
passes ``max_seconds``: a two-hour upload is never decoded whole.
"""

import contextlib
import math
from collections.abc import Iterator
from fractions import Fraction

import av
import numpy as np

from .containers import check_channels, check_rate, open_audio
from .errors import AudioDecodeError, AudioTooLongError
from .names import ANALYSIS_RATE, INT16_SCALE

DEFAULT_MAX_SECONDS = 600.0
#: Frames are downmixed and resampled in batches of about this many samples per
#: channel: with 8 channels of float64, a batch is 4 MiB.
_BATCH_SAMPLES = 2**16
#: Room past the cap for the resampler's rounding (it gives n * out / in samples for
#: n in, give or take one); audio that needs more is too long.
_OUTPUT_SLACK = 1024
#: Loudest float sample accepted, in full scales (float audio is full scale at ±1):
#: +96 dB over it. Masters with overs go a little past 1; past this is not sound.
MAX_FLOAT_PEAK = 65536.0
#: Sample format (planar or packed) -> (NumPy type, offset, factor): how to read it and
#: map it to the int16 scale.
_SAMPLE_FORMATS: dict[str, tuple[type, float, float]] = {
    "u8": (np.uint8, 128.0, 256.0),
    "s16": (np.int16, 0.0, 1.0),
    "s32": (np.int32, 0.0, 2.0**-16),
    "s64": (np.int64, 0.0, 2.0**-48),
    "flt": (np.float32, 0.0, INT16_SCALE),
    "dbl": (np.float64, 0.0, INT16_SCALE),
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
        The whole file: mp3, mp4/m4a, ogg, flac, wav, aiff or webm/matroska.
    max_seconds : float
        Longest audio accepted; the output buffer holds this much at ``sample_rate``.
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
    AudioFormatError
        A media file in a container that is not accepted (``format_name`` says which).
    AudioNoStreamError
        A media file without an audio stream.
    AudioSampleRateError
        The stream's (or the requested) rate is outside 4 kHz - 192 kHz.
    AudioChannelsError
        The stream has no channels or more than 8.
    AudioTooLongError
        The audio runs past ``max_seconds`` (decoding stops there).
    ValueError
        ``max_seconds`` is not a positive duration: the caller's mistake, not the
        file's.
    """
    check_rate(sample_rate, "requested")
    if not (math.isfinite(max_seconds) and max_seconds > 0):
        raise ValueError(f"max_seconds must be a positive duration, not {max_seconds}")
    if not data:
        raise AudioDecodeError("no audio data: the file is empty")
    container, stream = open_audio(data)
    with container:
        signal = _decode_stream(container, stream, max_seconds, sample_rate)
    return signal, sample_rate


def _decode_stream(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    max_seconds: float,
    sample_rate: int,
) -> np.ndarray:
    """Decode ``stream`` to one mono int16-scaled signal at ``sample_rate``.

    Frames are downmixed a batch at a time (a batch ends early where the sample format
    or the channel count changes) and each batch goes on to the output at once.
    """
    source_rate = stream.codec_context.sample_rate
    output = _MonoOutput(source_rate, sample_rate, max_seconds)
    batch: list[av.AudioFrame] = []
    batch_shape: tuple[str, int] | None = None  # sample format, channels
    batch_samples = decoded = 0
    with contextlib.closing(_frames(container, stream)) as frames:
        for frame in frames:
            if frame.sample_rate != source_rate:
                raise AudioDecodeError("the sample rate changes inside the stream")
            decoded += frame.samples
            if decoded > max_seconds * source_rate:
                raise AudioTooLongError(
                    f"the audio is longer than {max_seconds:g} s",
                    max_seconds=max_seconds,
                )
            shape = (frame.format.name, frame.layout.nb_channels)
            if shape != batch_shape:
                check_channels(shape[1])
                if batch:
                    output.write(_downmix(batch))
                    batch, batch_samples = [], 0
                batch_shape = shape
            batch.append(frame)
            batch_samples += frame.samples
            if batch_samples >= _BATCH_SAMPLES:
                output.write(_downmix(batch))
                batch, batch_samples = [], 0
    if batch:
        output.write(_downmix(batch))
    if not decoded:
        raise AudioDecodeError("no audio could be decoded from the file")
    signal = output.finish()
    if not len(signal):
        # A few source samples can resample to none (the filter's delay).
        raise AudioDecodeError("too little audio could be decoded from the file")
    return signal


def _frames(
    container: av.container.InputContainer, stream: av.AudioStream
) -> Iterator[av.AudioFrame]:
    """The stream's decoded frames.

    A damaged packet is skipped, as the ``ffmpeg`` tool does; a container that breaks
    off ends the stream (a truncated download keeps what arrived), unless it breaks
    before the first frame.
    """
    any_frame = False
    try:
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                continue
            for frame in frames:
                any_frame = True
                yield frame
    except av.error.FFmpegError as error:
        if not any_frame:
            raise AudioDecodeError(
                f"the audio could not be decoded ({error})"
            ) from error


def _downmix(frames: list[av.AudioFrame]) -> np.ndarray:
    """The frames' channels averaged, int16-scaled [shape=(total samples,)].

    All ``frames`` share one sample format and channel count. Their planes are read
    in place into one array (``AudioFrame.to_ndarray`` stacks a copy per frame).
    """
    fmt, channels = frames[0].format, frames[0].layout.nb_channels
    if fmt.name.rstrip("p") not in _SAMPLE_FORMATS:
        raise AudioDecodeError(f"unsupported sample format {fmt.name}")
    dtype, offset, factor = _SAMPLE_FORMATS[fmt.name.rstrip("p")]
    total = sum(frame.samples for frame in frames)
    # Planar frames hold one plane per channel; packed ones one interleaved plane.
    samples = np.empty((channels, total) if fmt.is_planar else (total, channels), dtype)
    start = 0
    try:
        for frame in frames:
            stop = start + frame.samples
            planes = frame.planes
            if fmt.is_planar and len(planes) == channels:
                for row, plane in zip(samples, planes, strict=True):
                    row[start:stop] = np.frombuffer(plane, dtype, count=frame.samples)
            elif not fmt.is_planar and len(planes) == 1:
                samples[start:stop] = np.frombuffer(
                    planes[0], dtype, count=frame.samples * channels
                ).reshape(-1, channels)
            else:
                raise ValueError(f"{len(planes)} planes for {channels} channels")
            start = stop
    except ValueError as error:
        raise AudioDecodeError(f"the audio frames are malformed ({error})") from error
    # The mean as ``mean(axis=0)`` computes it (a running sum, then one division),
    # a row at a time: the same bits, without its slow strided reduction.
    rows = samples if fmt.is_planar else samples.T
    mono = rows[0].astype(np.float64)
    for row in rows[1:]:
        mono += row
    if channels > 1:
        mono /= channels
    if dtype in (np.float32, np.float64):
        _check_float_range(mono)
    if offset:
        mono -= offset
    if factor != 1.0:
        mono *= factor
    return mono


def _check_float_range(mono: np.ndarray) -> None:
    """Refuse float samples that are not sound: NaN, infinite, or louder than
    ``MAX_FLOAT_PEAK`` (a WAV of floats holds any bits; no analysis makes sense of
    them, and the single-precision spectra of the feature pictures overflow)."""
    peak = float(np.max(np.abs(mono), initial=0.0))  # NaN if any sample is NaN
    if not math.isfinite(peak):
        raise AudioDecodeError("the audio holds samples that are NaN or infinite")
    if peak > MAX_FLOAT_PEAK:
        raise AudioDecodeError(
            f"float samples reach {peak:.3g} times full scale; "
            f"at most {MAX_FLOAT_PEAK:g} is sound"
        )


class _MonoOutput:
    """The mono signal at the output rate, in one buffer sized by the cap.

    The buffer's pages are mapped as they are first written, so memory grows with the
    audio decoded, never past ``max_seconds * sample_rate`` float64 samples.
    """

    def __init__(self, source_rate: int, sample_rate: int, max_seconds: float) -> None:
        capacity = math.floor(max_seconds * sample_rate) + _OUTPUT_SLACK
        self._buffer = np.empty(capacity, dtype=np.float64)
        self._size = 0
        self._max_seconds = max_seconds
        self._source_rate = source_rate
        self._received = 0
        self._resampler = (
            None
            if source_rate == sample_rate
            else av.AudioResampler(format="dbl", layout="mono", rate=sample_rate)
        )

    def write(self, mono: np.ndarray) -> None:
        """Append ``mono`` [shape=(n,)], at the source rate."""
        if self._resampler is None:
            self._append(mono)
            return
        frame = av.AudioFrame.from_ndarray(mono[None, :], format="dbl", layout="mono")
        frame.sample_rate = self._source_rate
        frame.pts = self._received
        frame.time_base = Fraction(1, self._source_rate)
        self._received += len(mono)
        self._resample(frame)

    def finish(self) -> np.ndarray:
        """The signal: the resampler flushed, the buffer cut to what was written."""
        if self._resampler is not None:
            self._resample(None)
        signal, self._buffer = self._buffer, None
        # Shrinks in place (realloc): the untouched pages are given back, not copied.
        signal.resize(self._size, refcheck=False)
        return signal

    def _resample(self, frame: av.AudioFrame | None) -> None:
        try:
            resampled = self._resampler.resample(frame)
        except (av.error.FFmpegError, ValueError) as error:
            raise AudioDecodeError(
                f"the audio could not be resampled ({error})"
            ) from error
        for out in resampled:
            self._append(np.frombuffer(out.planes[0], np.float64, count=out.samples))

    def _append(self, samples: np.ndarray) -> None:
        end = self._size + len(samples)
        if end > len(self._buffer):
            raise AudioTooLongError(
                f"the audio is longer than {self._max_seconds:g} s",
                max_seconds=self._max_seconds,
            )
        self._buffer[self._size : end] = samples
        self._size = end
