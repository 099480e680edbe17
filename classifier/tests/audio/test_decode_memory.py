"""Peak memory of decode_audio, measured in a fresh process, against the cap's bound.

Each file is decoded once in a subprocess (``decode_peak``), which reports the peak
resident memory the call added. The bound is what the output buffer can hold, the
audio decoded (at most ``max_seconds``) at the analysis rate in float64, plus a
constant (``decode_peak.CONSTANT_BYTES``) that does not grow with the file: nothing
else may grow with the source rate, the channel count or the compression ratio.
The files are built once per test session, in a temporary folder.
"""

from pathlib import Path

import pytest

from classifier.audio.decode import DEFAULT_MAX_SECONDS
from classifier.tests.audio.decode_peak import measure_peak, peak_bound
from classifier.tests.audio.files import encoded, muxed
from classifier.tests.audio.long_files import write_flac, write_long_mp3

pytestmark = pytest.mark.slow

#: name -> (how to write it, seconds of audio decoded, outcome)
FILES = {
    # The decompression bomb: 0.11 MB of FLAC, 599 s at 384 kHz.
    "flac_384k_599s": (
        lambda path: write_flac(path, sample_rate=384_000, duration_s=599),
        0.0,
        "AudioSampleRateError",
    ),
    "flac_192k_599s": (
        lambda path: write_flac(path, sample_rate=192_000, duration_s=599),
        599.0,
        "ok",
    ),
    "flac_48k_stereo_600s": (
        lambda path: write_flac(
            path, sample_rate=48_000, duration_s=600, channels=2, freq=440
        ),
        600.0,
        "ok",
    ),
    # Two hours at 32 kbit/s (29 MB): decoding stops at the cap.
    "mp3_48k_stereo_2h": (
        lambda path: write_long_mp3(
            path, minutes=120, sample_rate=48_000, channels=2, bitrate=32_000
        ),
        DEFAULT_MAX_SECONDS,
        "AudioTooLongError",
    ),
    # A preview: the cap-sized buffer's untouched pages cost nothing.
    "mp3_44k_stereo_30s": (
        lambda path: path.write_bytes(encoded("mp3", 44_100, 30.0)),
        30.0,
        "ok",
    ),
    # A 22 kB mp4 whose video track is one 4096x4096 H.264 picture: never decoded.
    "mp4_h264_4096px_1s": (
        lambda path: path.write_bytes(
            muxed(
                "mp4",
                "aac",
                duration_s=1.0,
                video_codec="libx264",
                video_size=4096,
            )
        ),
        1.0,
        "ok",
    ),
}


@pytest.fixture(scope="session")
def decode_files(tmp_path_factory):
    """name -> path of the file, written on first use and kept for the session."""
    folder = tmp_path_factory.mktemp("decode_memory")
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            write, _, _ = FILES[name]
            path = folder / f"{name}.{name.split('_')[0]}"
            write(path)
            made[name] = path
        return made[name]

    return get


@pytest.mark.parametrize("name", list(FILES))
def test_peak_memory_is_bounded_by_the_audio_decoded(decode_files, name):
    _, seconds, outcome = FILES[name]

    result = measure_peak(decode_files(name))

    assert result["outcome"] == outcome
    if outcome == "ok":  # give or take an AAC encoder's priming
        assert result["samples"] == pytest.approx(seconds * 22_050, abs=0.05 * 22_050)
    bound = peak_bound(seconds)
    assert result["peak_bytes"] <= bound, (
        f"{name}: decoding peaked at {result['peak_bytes'] / 2**20:.1f} MiB, "
        f"over the {bound / 2**20:.1f} MiB bound"
    )


def test_a_smaller_cap_bounds_the_peak_lower(decode_files):
    result = measure_peak(decode_files("flac_192k_599s"), max_seconds=60.0)

    assert result["outcome"] == "AudioTooLongError"
    assert result["peak_bytes"] <= peak_bound(60.0)
