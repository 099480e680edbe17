"""Encode a signal into audio-file bytes with PyAV: mp3, m4a/AAC, ogg, flac, wav.

Used to write the demo catalogue and the files the tests decode; never on the hot path.
"""

import io
import tempfile
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from .errors import AudioEncodeError

#: format name -> (container format, codec, container options)
_FORMATS: dict[str, tuple[str, str, dict[str, str]]] = {
    "mp3": ("mp3", "libmp3lame", {}),
    # "ipod" writes .m4a; without faststart the index (moov) goes to the end.
    "m4a": ("ipod", "aac", {}),
    "m4a-faststart": ("ipod", "aac", {"movflags": "+faststart"}),
    "ogg": ("ogg", "vorbis", {}),
    "flac": ("flac", "flac", {}),
    "wav": ("wav", "pcm_s16le", {}),
}
FORMATS = tuple(_FORMATS)
_FRAME_SIZE = 1152


def encode_audio(
    signal: np.ndarray, sample_rate: int, fmt: str, *, bitrate: int = 128_000
) -> bytes:
    """Encode ``signal`` into the bytes of an audio file.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,) or (n, channels)]
        Samples, int16-scaled (±32768) or floats in [-1, 1] (``dtype`` float32/64 with
        a peak <= 1 is taken as the latter).
    sample_rate : int
    fmt : str
        One of ``FORMATS``.

    Returns
    -------
    bytes
    """
    if fmt not in _FORMATS:
        raise AudioEncodeError(f"unknown format {fmt!r}; choose one of {FORMATS}")
    container_format, codec, options = _FORMATS[fmt]
    samples = _as_int16(signal)
    if samples.ndim == 1:
        samples = samples[:, None]
    # The native vorbis encoder takes stereo only.
    if codec == "vorbis" and samples.shape[1] == 1:
        samples = np.repeat(samples, 2, axis=1)
    layout = "mono" if samples.shape[1] == 1 else "stereo"
    if options.get("movflags") == "+faststart":
        # faststart rewrites the file in a second pass, which needs a real file.
        with tempfile.NamedTemporaryFile(suffix=".m4a") as handle:
            _write(
                handle.name,
                samples,
                sample_rate,
                container_format,
                codec,
                options,
                layout,
                bitrate,
            )
            return Path(handle.name).read_bytes()
    out = io.BytesIO()
    _write(out, samples, sample_rate, container_format, codec, options, layout, bitrate)
    return out.getvalue()


def _write(
    target, samples, sample_rate, container_format, codec, options, layout, bitrate
) -> None:
    with av.open(target, "w", format=container_format, options=options) as container:
        stream = container.add_stream(codec, rate=sample_rate, layout=layout)
        if codec == "vorbis":
            # FFmpeg's own vorbis encoder is marked experimental.
            stream.codec_context.options = {"strict": "experimental"}
        if codec not in {"flac", "pcm_s16le"}:
            stream.bit_rate = bitrate
        write_s16(container, stream, samples, sample_rate, layout, _FRAME_SIZE)


def write_s16(
    container, stream, samples, sample_rate, layout, frame_size: int | None = None
) -> None:
    """Encode int16 ``samples`` [shape=(n, channels)] into ``stream`` of the open
    ``container`` in frames of ``frame_size`` (default: the codec's own frame size,
    else 1024), converted to the codec's sample format, and flush the encoder."""
    frame_size = frame_size or stream.codec_context.frame_size or 1024
    resampler = av.AudioResampler(
        format=stream.codec_context.format, layout=layout, rate=sample_rate
    )
    for start in range(0, len(samples), frame_size):
        # Packed s16 frames take the interleaved samples as one (1, n * ch) row.
        chunk = np.ascontiguousarray(samples[start : start + frame_size])
        frame = av.AudioFrame.from_ndarray(
            chunk.reshape(1, -1), format="s16", layout=layout
        )
        frame.sample_rate = sample_rate
        frame.pts = start
        frame.time_base = Fraction(1, sample_rate)
        for resampled in resampler.resample(frame):
            container.mux(stream.encode(resampled))
    for resampled in resampler.resample(None):
        container.mux(stream.encode(resampled))
    container.mux(stream.encode(None))


def _as_int16(signal: np.ndarray) -> np.ndarray:
    signal = np.asarray(signal)
    if signal.dtype == np.int16:
        return signal
    values = signal.astype(np.float64)
    if (
        np.issubdtype(signal.dtype, np.floating)
        and np.max(np.abs(values), initial=0) <= 1
    ):
        values = values * 32767.0
    return np.clip(np.round(values), -32768, 32767).astype(np.int16)
