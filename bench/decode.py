"""Time ``decode_audio`` against pydub on 30 s files and measure its peak memory.

Run from the repository root: ``.venv/bin/python bench/decode.py``.

Speed: both sides turn a 44.1 kHz stereo mp3 and m4a (AAC) held in memory into mono
PCM at the analysis rate; pydub writes the bytes to a temporary file (it cannot read an
m4a whose index is at the end from a pipe), runs the ``ffmpeg`` binary shipped by
imageio-ffmpeg in a subprocess, then downmixes and converts the rate itself. The two
sides alternate, and their median wall times are compared (the median CPU times, the
child ffmpeg's included, are printed beside them: on a loaded machine they move less).
Target: ours at least 1.5x faster on each.

Memory: each of the worst accepted inputs (the highest rate, the most channels, a file
past the cap, a video track beside the audio) is decoded once in a fresh process, which
reports the peak resident memory the call added (``decode_peak``). Target: the worst
stays within the bound derived from the 600 s cap (the output buffer, 600 s at
22,050 Hz in float64, plus a fixed 32 MiB). Writing the files takes about a minute.

The last line is ``RESULT mp3_speedup=<x> m4a_speedup=<x> worst_peak_mb=<x>
bound_mb=<x>`` (MiB); the exit status is non-zero, naming the target, when one is
missed.
"""

import argparse
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import median_ms, timed

from classifier.audio import ANALYSIS_RATE, decode_audio
from classifier.audio.decode import DEFAULT_MAX_SECONDS
from classifier.audio.encode import encode_audio
from classifier.tests.audio.decode_peak import measure_peak, peak_bound
from classifier.tests.audio.files import muxed
from classifier.tests.audio.long_files import write_flac, write_long_mp3
from classifier.tests.audio.signals import music

CLIP_S = 30.0
SOURCE_RATE = 44_100
FORMATS = ("mp3", "m4a")
_CODECS = {"mp3": "mp3", "m4a": "aac"}
MIN_SPEEDUP = 1.5
MIB = 2**20
#: file name -> how to write it: accepted inputs that push the decoder to the cap.
WORST_FILES = {
    "192kHz_mono_599s.flac": lambda path: write_flac(
        path, sample_rate=192_000, duration_s=599
    ),
    "48kHz_7.1_600s.flac": lambda path: write_flac(
        path, sample_rate=48_000, duration_s=600, channels=8
    ),
    "48kHz_stereo_600s.flac": lambda path: write_flac(
        path, sample_rate=48_000, duration_s=600, channels=2, freq=440
    ),
    "48kHz_stereo_2h_32kbps.mp3": lambda path: write_long_mp3(
        path, minutes=120, sample_rate=48_000, channels=2, bitrate=32_000
    ),
    "h264_4096px_with_1s_aac.mp4": lambda path: path.write_bytes(
        muxed("mp4", "aac", duration_s=1.0, video_codec="libx264", video_size=4096)
    ),
}


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


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pydub's ffmpeg)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure_speedups(repeats: int) -> dict[str, float]:
    """pydub's median time over ours, per format, on a 30 s stereo clip."""
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
        # Alternating, so that the load of a shared machine falls on both sides alike.
        ours_s, theirs_s, ours_cpu, theirs_cpu = [], [], [], []
        for _ in range(repeats):
            cpu = _cpu_seconds()
            seconds, (ours, _) = timed(lambda data=data: decode_audio(data))
            ours_s.append(seconds)
            ours_cpu.append(_cpu_seconds() - cpu)
            cpu = _cpu_seconds()
            seconds, theirs = timed(lambda data=data, fmt=fmt: pydub_decode(data, fmt))
            theirs_s.append(seconds)
            theirs_cpu.append(_cpu_seconds() - cpu)
        ours_ms, theirs_ms = median_ms(ours_s), median_ms(theirs_s)
        speedups[fmt] = theirs_ms / ours_ms
        print(
            f"{fmt} ({len(data) / 1e3:.0f} kB, {CLIP_S:g} s): "
            f"pydub {theirs_ms:.1f} ms, "
            f"PyAV {ours_ms:.1f} ms, speedup {speedups[fmt]:.1f}x; "
            f"CPU time pydub + ffmpeg {median_ms(theirs_cpu):.1f} ms, "
            f"PyAV {median_ms(ours_cpu):.1f} ms; "
            f"{len(ours)} vs {len(theirs)} samples"
        )
    return speedups


def measure_worst_peak() -> float:
    """The highest peak of decoding the WORST_FILES, in bytes; each one printed."""
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, write in WORST_FILES.items():
            path = Path(folder) / name
            write(path)
            result = measure_peak(path)
            worst = max(worst, result["peak_bytes"])
            print(
                f"{name} ({path.stat().st_size / 1e6:.2f} MB): "
                f"peak {result['peak_bytes'] / MIB:.1f} MiB, {result['outcome']}, "
                f"{result['samples'] / ANALYSIS_RATE:.1f} s decoded "
                f"in {result['seconds']:.2f} s"
            )
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="timed runs per side")
    args = parser.parse_args()

    speedups = measure_speedups(args.repeats)
    worst = measure_worst_peak()
    bound = peak_bound(DEFAULT_MAX_SECONDS)
    print(
        f"worst peak {worst / MIB:.1f} MiB; bound {bound / MIB:.1f} MiB = "
        f"{DEFAULT_MAX_SECONDS:g} s x {ANALYSIS_RATE} Hz x 8 bytes + 32 MiB"
    )
    missed = [
        f"{fmt}_speedup {speedups[fmt]:.2f} < {MIN_SPEEDUP}"
        for fmt in FORMATS
        if speedups[fmt] < MIN_SPEEDUP
    ]
    if worst > bound:
        missed.append(f"worst_peak_mb {worst / MIB:.1f} > bound_mb {bound / MIB:.1f}")
    print(
        f"RESULT mp3_speedup={speedups['mp3']:.1f} m4a_speedup={speedups['m4a']:.1f} "
        f"worst_peak_mb={worst / MIB:.1f} bound_mb={bound / MIB:.1f}"
    )
    if missed:
        sys.exit(f"missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()
