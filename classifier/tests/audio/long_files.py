"""Long audio files for the memory tests, encoded a block at a time with PyAV.

``encode_audio`` takes the whole signal as one array; ten minutes at 384 kHz would be a
460 MB array before the encoder runs, so these files are written block by block, with
the same PyAV calls. Silence is what makes a decompression bomb: ten minutes of it at
384 kHz is a 0.11 MB FLAC.
"""

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from classifier.audio.encode import encode_audio
from classifier.tests.audio.files import tone

#: Samples per block handed to the encoder.
_BLOCK = 16_384
_LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1", 8: "7.1"}


def write_flac(
    path: Path,
    *,
    sample_rate: int,
    duration_s: float,
    channels: int = 1,
    freq: float | None = None,
) -> Path:
    """A FLAC of silence, or of a ``freq`` Hz tone and its harmonics (one a channel).

    Parameters
    ----------
    path : Path
        Where to write it.
    sample_rate : int
    duration_s : float
    channels : int
        1, 2, 6 (5.1) or 8 (7.1).
    freq : float, optional
        None writes silence.

    Returns
    -------
    Path
        ``path``.
    """
    layout = _LAYOUTS[channels]
    total = round(duration_s * sample_rate)
    silence = np.zeros((1, _BLOCK * channels), dtype=np.int16)
    with av.open(str(path), "w", format="flac") as container:
        stream = container.add_stream("flac", rate=sample_rate, layout=layout)
        for start in range(0, total, _BLOCK):
            count = min(_BLOCK, total - start)
            if freq is None:
                block = silence[:, : count * channels]
            else:
                t = np.arange(start, start + count) / sample_rate
                waves = [
                    np.sin(2 * np.pi * freq * (k + 1) * t) for k in range(channels)
                ]
                samples = np.round(3000 * np.stack(waves, axis=1)).astype(np.int16)
                block = samples.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(block, format="s16", layout=layout)
            frame.sample_rate = sample_rate
            frame.pts = start
            frame.time_base = Fraction(1, sample_rate)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def write_long_mp3(
    path: Path,
    *,
    minutes: int,
    sample_rate: int = 8000,
    channels: int = 1,
    bitrate: int = 8000,
) -> Path:
    """``minutes`` of a low-bitrate mp3: one minute's frames, repeated.

    mp3 frames stand alone, so the repeats decode as one long stream.
    """
    minute = tone(200, 60.0, sample_rate)
    if channels == 2:
        minute = np.stack([minute, tone(300, 60.0, sample_rate)], axis=1)
    data = encode_audio(minute, sample_rate, "mp3", bitrate=bitrate)
    path.write_bytes(data * minutes)
    return path
