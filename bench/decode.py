"""Time ``decode_audio`` (PyAV, in-process) against pydub on the same 30 s files.

Run from the repository root: ``.venv/bin/python bench/decode.py``. Both sides turn a
44.1 kHz stereo mp3 and m4a (AAC) held in memory into mono PCM at the analysis rate;
pydub writes the bytes to a temporary file (it cannot read an m4a whose index is at
the end from a pipe), runs the ``ffmpeg`` binary shipped by imageio-ffmpeg in a
subprocess, then downmixes and converts the rate itself. The last line is
``RESULT mp3_speedup=<x> m4a_speedup=<x>``.
"""

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import repeat_ms

from classifier.audio import ANALYSIS_RATE, decode_audio
from classifier.audio.encode import encode_audio
from classifier.tests.audio.signals import music

CLIP_S = 30.0
SOURCE_RATE = 44_100
FORMATS = ("mp3", "m4a")
_CODECS = {"mp3": "mp3", "m4a": "aac"}


def pydub_decode(data: bytes, fmt: str) -> np.ndarray:
    """The original stack: bytes to a file, pydub + an ffmpeg subprocess, then pydub's
    own downmix and rate conversion to mono at the analysis rate."""
    from pydub import AudioSegment

    with tempfile.NamedTemporaryFile(suffix=f".{fmt}") as handle:
        handle.write(data)
        handle.flush()
        # Naming the codec spares pydub its ffprobe call (imageio-ffmpeg has none).
        segment = AudioSegment.from_file(handle.name, codec=_CODECS[fmt])
    segment = segment.set_channels(1).set_frame_rate(ANALYSIS_RATE)
    return np.array(segment.get_array_of_samples(), dtype=np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per side")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydub warns before it is told where ffmpeg is
        import imageio_ffmpeg
        from pydub import AudioSegment
    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()

    stereo = np.stack(
        [music(CLIP_S, SOURCE_RATE, seed=0), music(CLIP_S, SOURCE_RATE, seed=1)], axis=1
    )
    speedups = {}
    for fmt in FORMATS:
        data = encode_audio(stereo, SOURCE_RATE, fmt)
        decode_audio(data)  # warm up
        pydub_decode(data, fmt)
        ours_ms, (ours, _) = repeat_ms(decode_audio, data, repeats=args.repeats)
        theirs_ms, theirs = repeat_ms(pydub_decode, data, fmt, repeats=args.repeats)
        speedups[fmt] = theirs_ms / ours_ms
        print(
            f"{fmt} ({len(data) / 1e3:.0f} kB, {CLIP_S:g} s): "
            f"pydub {theirs_ms:.1f} ms, "
            f"PyAV {ours_ms:.1f} ms, speedup {speedups[fmt]:.1f}x; "
            f"{len(ours)} vs {len(theirs)} samples"
        )
    print(f"RESULT mp3_speedup={speedups['mp3']:.1f} m4a_speedup={speedups['m4a']:.1f}")


if __name__ == "__main__":
    main()
