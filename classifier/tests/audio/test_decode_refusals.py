"""What decode_audio refuses before decoding: containers (most before FFmpeg sees a
byte), sample rates, channels."""

import struct

import av
import numpy as np
import pytest

from classifier.audio import (
    ANALYSIS_RATE,
    AudioChannelsError,
    AudioDecodeError,
    AudioFormatError,
    AudioSampleRateError,
    NotAudioError,
    containers,
    decode_audio,
)
from classifier.audio.containers import MAX_CHANNELS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE
from classifier.tests.audio.files import muxed, png_image, tone, wav_bytes

#: Valid files in containers that are not on the list: (muxer, audio codec, options).
#: None begins like an accepted format, so FFmpeg never reads them.
REFUSED = [
    ("au", "pcm_s16be", {}),
    ("voc", "pcm_u8", {"channels": 1}),
    ("adts", "aac", {}),
    ("ac3", "ac3", {}),
    ("caf", "pcm_s16le", {}),
    ("w64", "pcm_s16le", {}),
    ("wv", "wavpack", {}),
    ("mpegts", "mp2", {}),
    ("avi", "pcm_s16le", {"video_codec": "mpeg4"}),
    ("flv", "libmp3lame", {"video_codec": "flv"}),
]
#: Containers on the list, with codecs the other tests do not write.
ACCEPTED = [
    ("aiff", "pcm_s16be", {}),
    ("mov", "aac", {}),
    ("mp4", "alac", {}),
    ("ogg", "libopus", {"sample_rate": 48_000}),
    ("ogg", "flac", {}),
    ("webm", "libopus", {"sample_rate": 48_000}),
    ("matroska", "flac", {}),
    # A video track beside the audio: never decoded, the audio is.
    ("matroska", "aac", {"video_codec": "mpeg4"}),
    ("mp4", "aac", {"video_codec": "libx264", "video_size": 256}),
]


@pytest.fixture
def ffmpeg_opens(monkeypatch) -> list[int]:
    """Counts the files handed to FFmpeg for reading (``av.open``)."""
    opened: list[int] = []
    real_open = av.open

    def counting_open(file, mode="r", *args, **kwargs):
        if mode == "r":  # the tests' own files are written with mode "w"
            opened.append(1)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(containers.av, "open", counting_open)
    return opened


@pytest.mark.parametrize(("muxer", "codec", "options"), REFUSED)
def test_containers_off_the_list_are_refused_before_ffmpeg(
    muxer, codec, options, ffmpeg_opens
):
    data = muxed(muxer, codec, **options)

    with pytest.raises(NotAudioError, match="does not begin like any accepted"):
        decode_audio(data)

    assert ffmpeg_opens == []


@pytest.mark.parametrize(
    "data",
    [
        b"hello, this is a text file named song.mp3\n" * 20,
        b"#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1/segment.ts\n",
        b"%PDF-1.7\n" + bytes(200),
        b"<!doctype html><html><body>not a song</body></html>",
    ],
)
def test_text_and_documents_never_reach_ffmpeg(data, ffmpeg_opens):
    with pytest.raises(NotAudioError):
        decode_audio(data)

    assert ffmpeg_opens == []


def test_an_image_is_refused_before_ffmpeg(ffmpeg_opens):
    with pytest.raises(NotAudioError):
        decode_audio(png_image())

    assert ffmpeg_opens == []


def test_two_formats_at_once_meet_ffmpegs_allow_list(ffmpeg_opens):
    """An ID3 tag (the mp3 sniff passes) in front of an ADTS stream: FFmpeg's aac
    demuxer recognises what follows and the container allow-list refuses it."""
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x00"  # an empty ID3v2.4 tag
    data = tag + muxed("adts", "aac")

    with pytest.raises(AudioFormatError, match="container is not accepted") as caught:
        decode_audio(data)

    assert not isinstance(caught.value, NotAudioError)
    assert caught.value.format_name == "aac"
    # FFmpeg itself refused the demuxer as soon as it recognised the format, before
    # reading a header: the error's cause is the format allow-list's EINVAL.
    assert isinstance(caught.value.__cause__, av.error.ArgumentError)
    assert ffmpeg_opens != []  # this one did reach FFmpeg


@pytest.mark.parametrize(("muxer", "codec", "options"), ACCEPTED)
def test_containers_on_the_list_decode(muxer, codec, options):
    signal, rate = decode_audio(muxed(muxer, codec, **options))

    assert rate == ANALYSIS_RATE
    # Half a second, give or take the codec's priming and padding.
    assert len(signal) == pytest.approx(0.5 * rate, rel=0.06)
    # 440 Hz and 660 Hz sines of amplitude 8000, averaged: an RMS of 4000.
    rms = np.sqrt(np.mean(signal[1000:-1000] ** 2))
    assert rms == pytest.approx(4000, rel=0.1)


def test_source_rates_above_192_khz_are_refused():
    data = muxed("flac", "flac", sample_rate=384_000, channels=1)

    with pytest.raises(AudioSampleRateError, match="384000 Hz is outside") as caught:
        decode_audio(data)

    assert caught.value.sample_rate == 384_000


@pytest.mark.parametrize(
    "rate", [MIN_SAMPLE_RATE - 1, MAX_SAMPLE_RATE + 1, 352_800, 384_000]
)
def test_rates_just_outside_the_range_are_refused(rate):
    with pytest.raises(AudioSampleRateError) as caught:
        decode_audio(wav_bytes(np.zeros(rate // 10), rate))

    assert caught.value.sample_rate == rate


@pytest.mark.parametrize("rate", [MIN_SAMPLE_RATE, 96_000, MAX_SAMPLE_RATE])
def test_rates_at_the_bounds_are_accepted(rate):
    signal, _ = decode_audio(wav_bytes(tone(1000, 1.0, rate), rate))

    assert abs(len(signal) - ANALYSIS_RATE) <= 64


def test_eight_channels_are_averaged():
    channels = [np.round(tone(100 * (k + 1), 0.2, ANALYSIS_RATE)) for k in range(8)]

    signal, _ = decode_audio(wav_bytes(np.stack(channels, axis=1), ANALYSIS_RATE))

    np.testing.assert_allclose(signal, np.mean(channels, axis=0), rtol=0, atol=1e-9)


@pytest.mark.parametrize("count", [MAX_CHANNELS + 1, 12, 64])
def test_more_than_eight_channels_are_refused(count):
    samples = np.zeros((2205, count))

    with pytest.raises(AudioChannelsError, match=f"{count} channels") as caught:
        decode_audio(wav_bytes(samples, ANALYSIS_RATE))

    assert caught.value.channels == count


def test_a_stream_without_channels_is_refused():
    data = bytearray(wav_bytes(np.zeros(2205), ANALYSIS_RATE))
    data[22:24] = struct.pack("<H", 0)  # the fmt chunk's channel count

    with pytest.raises(AudioChannelsError, match="0 channels") as caught:
        decode_audio(bytes(data))

    assert caught.value.channels == 0


@pytest.mark.parametrize(
    "data",
    [b"ID3" + bytes(100), b"RIFF" + bytes(40), b"fLaC" + bytes(60), b"\xff\xfb" * 50],
)
def test_headers_without_a_stream_keep_a_typed_error(data):
    with pytest.raises(AudioDecodeError):
        decode_audio(data)
