"""Fuzzing decode_audio: any bytes end quickly in an AudioError or a valid signal."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.audio import ANALYSIS_RATE, AudioError, decode_audio
from classifier.tests.audio.files import encoded, muxed, video_only_mp4, wav_bytes

#: Per example; a quarter-second file decodes in a few milliseconds.
DEADLINE_MS = 2_000
FUZZ = settings(
    max_examples=60,
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow],
)
FORMATS = ("mp3", "m4a", "m4a-faststart", "ogg", "flac", "wav")


def _seeds() -> list[bytes]:
    tiny = [encoded(fmt, 22_050, 0.25) for fmt in FORMATS]
    # Accepted containers the encoder does not write, and refused ones.
    others = [
        muxed("aiff", "pcm_s16be", duration_s=0.25),
        muxed("webm", "libopus", sample_rate=48_000, duration_s=0.25),
        muxed("au", "pcm_s16be", duration_s=0.25),
        muxed("adts", "aac", duration_s=0.25),
    ]
    return [*tiny, *others, wav_bytes(np.zeros(100), 8000), video_only_mp4()]


def _check(data: bytes) -> None:
    try:
        signal, rate = decode_audio(data, max_seconds=5.0)
    except AudioError:
        return
    assert rate == ANALYSIS_RATE
    assert signal.ndim == 1
    assert signal.dtype == np.float64
    assert np.isfinite(signal).all()
    assert len(signal) <= 5.0 * ANALYSIS_RATE + 4096


@st.composite
def mutated_files(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(_seeds())))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "zero"]))
        if action == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[position:]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        elif action == "repeat":
            data[position:position] = data[position : position + 512]
        else:
            data[position : position + 16] = bytes(16)
        if not data:
            break
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    _check(data)


@FUZZ
@given(mutated_files())
def test_mutated_files(data):
    _check(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_header_only_prefixes(fmt):
    data = encoded(fmt, 22_050, 0.25)
    for size in (1, 4, 12, 44, 100, 400):
        _check(data[:size])
