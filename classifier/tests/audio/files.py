"""Audio files made by the tests themselves: wav by the stdlib, the rest by PyAV."""

import io
import wave
from functools import cache

import av
import numpy as np

from classifier.audio.encode import encode_audio, write_s16


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


_LAYOUTS = {1: "mono", 2: "stereo"}


@cache
def muxed(
    container_format: str,
    audio_codec: str | None,
    *,
    sample_rate: int = 44_100,
    channels: int = 2,
    duration_s: float = 0.5,
    video_codec: str | None = None,
    video_size: int = 64,
) -> bytes:
    """A file of any container PyAV writes: a tone per channel, and maybe a video.

    Parameters
    ----------
    container_format : str
        An FFmpeg muxer (``au``, ``avi``, ``webm``, ...).
    audio_codec : str, optional
        The encoder of the audio stream; None writes none.
    sample_rate, channels, duration_s
        Of the audio (1 or 2 channels).
    video_codec : str, optional
        The encoder of a black video stream of three frames, written first.
    video_size : int
        The video's width and height, in pixels.
    """
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container_format) as container:
        # Every stream is added before the first packet is written.
        video = audio = None
        if video_codec is not None:
            video = container.add_stream(video_codec, rate=10)
            video.width = video.height = video_size
            video.pix_fmt = "yuv420p"
        if audio_codec is not None:
            layout = _LAYOUTS[channels]
            audio = container.add_stream(audio_codec, rate=sample_rate, layout=layout)
        if video is not None:
            image = np.zeros((video_size, video_size, 3), dtype=np.uint8)
            for _ in range(3):
                frame = av.VideoFrame.from_ndarray(image, format="rgb24")
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
        if audio is not None:
            freqs = (440, 660)[:channels]
            samples = np.stack(
                [tone(f, duration_s, sample_rate) for f in freqs], axis=1
            )
            int16 = np.round(samples).astype(np.int16)
            write_s16(container, audio, int16, sample_rate, layout)
    return buffer.getvalue()


@cache
def png_image(size: int = 64) -> bytes:
    """A PNG file, encoded by FFmpeg's png encoder."""
    codec = av.CodecContext.create("png", "w")
    codec.width = codec.height = size
    codec.pix_fmt = "rgb24"
    image = np.zeros((size, size, 3), dtype=np.uint8)
    packets = codec.encode(av.VideoFrame.from_ndarray(image, format="rgb24"))
    packets += codec.encode(None)
    return b"".join(bytes(packet) for packet in packets)
