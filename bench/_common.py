"""Helpers shared by the benchmarks: a 30 s test song, a trained artifact, timing.

Nothing here imports TensorFlow at module level: ``train_artifact`` imports it (through
``train_network``) only when called.
"""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CLIP_S = 30.0
SONG_RATE = 44_100
#: The default network's shape; a short training is enough to time inference.
HIDDEN_UNITS = (256, 128, 64)
TRAIN_EPOCHS = 40


def make_mp3(duration_s: float = CLIP_S, *, seed: int = 7) -> bytes:
    """A music-like stereo mp3 of ``duration_s`` seconds (synthesised, 44.1 kHz)."""
    from classifier.audio.encode import encode_audio
    from classifier.demo.synth import render_song

    signal = render_song(
        "Rock",
        tempo=132,
        key="E minor",
        seed=seed,
        duration_s=duration_s,
        sample_rate=SONG_RATE,
    )
    return encode_audio(signal, SONG_RATE, "mp3")


def id3v1_tag(title: str) -> bytes:
    """A 128-byte ID3v1 tag: appended to an mp3 it changes the bytes (and so the
    SHA-256 a result is cached under), not the audio."""
    tag = (
        b"TAG"
        + title.encode("latin-1")[:30].ljust(30, b"\0")
        + b"AudioFiler bench".ljust(30, b"\0")
        + b"".ljust(30, b"\0")
        + b"2026"
        + b"".ljust(30, b"\0")
        + bytes([255])
    )
    assert len(tag) == 128
    return tag


def train_artifact(directory: Path, *, epochs: int = TRAIN_EPOCHS) -> Path:
    """Train the network on pyAudioAnalysis's bundled vectors; save it to ``directory``.

    Imports TensorFlow; callers that must stay TensorFlow-free run this elsewhere.
    """
    from classifier.audio import EXTRACTOR_VERSION
    from classifier.ml.training import train_network
    from dataset.sources.paa_genres import load_paa_genres

    bundled = load_paa_genres()
    result = train_network(
        bundled.X,
        bundled.labels,
        bundled.genres,
        hidden_units=HIDDEN_UNITS,
        epochs=epochs,
        seed=0,
    )
    return result.save(
        directory, extractor_version=EXTRACTOR_VERSION, git_commit="bench"
    )


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call of ``function`` took, and what it returned."""
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1e3


def repeat_ms(
    function: Callable[..., Any], *args: Any, repeats: int
) -> tuple[float, Any]:
    """Median wall time in ms of ``repeats`` back-to-back calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        seconds, result = timed(lambda: function(*args))
        times.append(seconds)
    return median_ms(times), result


def exit_if_missed(missed: list[str]) -> None:
    """Exit 1 naming each missed target (a bench fails ``make bench``, not CI)."""
    if missed:
        print("MISSED: " + "; ".join(missed), file=sys.stderr)
        raise SystemExit(1)


def memory_kib() -> dict[str, int]:
    """``VmRSS`` (resident now) and ``VmHWM`` (peak resident) of this process, KiB."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    return found
