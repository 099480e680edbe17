"""Audio files made by the tests themselves: wav by the stdlib, the rest by PyAV."""

import io
import wave
from functools import cache

import av
import numpy as np

from classifier.audio.encode import encode_audio


def wav_bytes(
    samples: np.ndarray, sample_rate: int, *, declared_rate: int | None = None
) -> bytes:
    """16-bit PCM wav via the ``wave`` module; ``samples`` is (n,) or (n, channels)."""
    samples = np.asarray(samples)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(declared_rate or sample_rate)
        handle.writeframes(np.round(samples).astype("<i2").tobytes())
    return buffer.getvalue()


def tone(
    freq: float, duration_s: float, sample_rate: int, *, amplitude: float = 8000.0
) -> np.ndarray:
    t = np.arange(round(duration_s * sample_rate)) / sample_rate
    return amplitude * np.sin(2 * np.pi * freq * t)


@cache
def encoded(fmt: str, sample_rate: int = 44_100, duration_s: float = 1.0) -> bytes:
    """A stereo clip (440 Hz left, 660 Hz right) encoded as ``fmt``; cached."""
    stereo = np.stack(
        [tone(440, duration_s, sample_rate), tone(660, duration_s, sample_rate)], axis=1
    )
    return encode_audio(stereo, sample_rate, fmt)


@cache
def video_only_mp4() -> bytes:
    """A tiny mp4 with one 16x16 mpeg4 video stream and no audio."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width = stream.height = 16
        stream.pix_fmt = "yuv420p"
        for index in range(3):
            image = np.full((16, 16, 3), 40 * index, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def dominant_frequency(signal: np.ndarray, sample_rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(len(signal))))
    return float(np.argmax(spectrum) * sample_rate / len(signal))
