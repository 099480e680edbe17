"""What decode_audio refuses before decoding: containers, sample rates, channels."""

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
    decode_audio,
)
from classifier.audio.containers import MAX_CHANNELS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE
from classifier.tests.audio.files import muxed, png_image, tone, wav_bytes

#: Valid files in containers that are not on the list: (muxer, audio codec, options,
#: the demuxer FFmpeg recognises).
REFUSED = [
    ("au", "pcm_s16be", {}, "au"),
    ("voc", "pcm_u8", {"channels": 1}, "voc"),
    ("adts", "aac", {}, "aac"),
    ("ac3", "ac3", {}, "ac3"),
    ("caf", "pcm_s16le", {}, "caf"),
    ("w64", "pcm_s16le", {}, "w64"),
    ("wv", "wavpack", {}, "wv"),
    ("mpegts", "mp2", {}, "mpegts"),
    ("avi", "pcm_s16le", {"video_codec": "mpeg4"}, "avi"),
    ("flv", "libmp3lame", {"video_codec": "flv"}, "flv"),
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


@pytest.mark.parametrize(("muxer", "codec", "options", "format_name"), REFUSED)
def test_containers_off_the_list_are_refused(muxer, codec, options, format_name):
    data = muxed(muxer, codec, **options)

    with pytest.raises(AudioFormatError, match="container is not accepted") as caught:
        decode_audio(data)

    assert caught.value.format_name == format_name
    # FFmpeg itself refused the demuxer as soon as it recognised the format, before
    # reading a header: the error's cause is the format allow-list's EINVAL.
    assert isinstance(caught.value.__cause__, av.error.ArgumentError)


def test_an_image_is_refused_as_a_container():
    with pytest.raises(AudioFormatError) as caught:
        decode_audio(png_image())

    assert caught.value.format_name == "png_pipe"


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
