"""decode_audio on files the tests make: formats, downmix, resampling, bad input."""

import io
from fractions import Fraction

import av
import numpy as np
import pytest

from classifier.audio import (
    ANALYSIS_RATE,
    AudioDecodeError,
    AudioNoStreamError,
    AudioSampleRateError,
    AudioTooLongError,
    NotAudioError,
    decode_audio,
)
from classifier.audio import containers as containers_module
from classifier.audio.encode import encode_audio
from classifier.tests.audio.files import (
    dominant_frequency,
    encoded,
    tone,
    video_only_mp4,
    wav_bytes,
)
from classifier.tests.audio.signals import music

LOSSY = ("mp3", "m4a", "m4a-faststart", "ogg")


def test_wav_round_trips_exactly_at_the_analysis_rate():
    samples = np.round(tone(440, 0.5, ANALYSIS_RATE)).astype(np.int16)

    signal, rate = decode_audio(wav_bytes(samples, ANALYSIS_RATE))

    assert rate == ANALYSIS_RATE
    assert signal.dtype == np.float64
    np.testing.assert_array_equal(signal, samples.astype(np.float64))


def test_stereo_is_averaged_to_mono():
    left = np.round(tone(440, 0.2, ANALYSIS_RATE))
    right = np.round(tone(660, 0.2, ANALYSIS_RATE, amplitude=3000.0))

    signal, _ = decode_audio(wav_bytes(np.stack([left, right], axis=1), ANALYSIS_RATE))

    np.testing.assert_allclose(signal, (left + right) / 2, rtol=0, atol=1e-9)


@pytest.mark.parametrize("source_rate", [16_000, 44_100, 48_000])
def test_resampling_keeps_the_frequency_and_length(source_rate):
    data = wav_bytes(tone(1000, 1.0, source_rate), source_rate)

    signal, rate = decode_audio(data)

    assert rate == ANALYSIS_RATE
    assert abs(len(signal) - ANALYSIS_RATE) <= 64  # swr's filter delay, at most
    assert dominant_frequency(signal, rate) == pytest.approx(1000, abs=2)
    # The tone keeps its level (8000) through the resampler.
    np.testing.assert_allclose(
        np.sqrt(np.mean(signal[500:-500] ** 2)), 8000 / np.sqrt(2), rtol=0.01
    )


def test_resampling_filters_what_the_new_rate_cannot_hold():
    # 15 kHz is above the 11.025 kHz Nyquist frequency of 22.05 kHz: without an
    # anti-aliasing filter it would fold down to 7.05 kHz at full level.
    data = wav_bytes(tone(15_000, 1.0, 44_100), 44_100)

    signal, _ = decode_audio(data)

    assert np.sqrt(np.mean(signal[500:-500] ** 2)) < 0.01 * 8000


def test_custom_output_rate():
    signal, rate = decode_audio(
        wav_bytes(tone(440, 0.5, 44_100), 44_100), sample_rate=16_000
    )

    assert rate == 16_000
    assert dominant_frequency(signal, rate) == pytest.approx(440, abs=2)


@pytest.mark.parametrize("fmt", [*LOSSY, "flac", "wav"])
def test_every_format_decodes_to_the_mean_of_its_channels(fmt):
    signal, rate = decode_audio(encoded(fmt))

    assert rate == ANALYSIS_RATE
    # One second, give or take the codec's priming and padding.
    assert abs(len(signal) - ANALYSIS_RATE) < 0.06 * ANALYSIS_RATE
    spectrum = np.abs(np.fft.rfft(signal[2000:18000] * np.hanning(16000)))
    freqs = np.fft.rfftfreq(16000, 1 / rate)
    for freq in (440, 660):  # both channels are in the mix, at half level each
        assert spectrum[np.abs(freqs - freq) < 5].max() > 0.2 * spectrum.max()
    # Two unit sines of amplitude 8000 averaged: an RMS of 8000 / 2.
    rms = np.sqrt(np.mean(signal[2000:-2000] ** 2))
    assert rms == pytest.approx(4000, rel=1e-3 if fmt in {"flac", "wav"} else 0.1)


def test_m4a_with_index_at_the_end_equals_faststart():
    at_end, _ = decode_audio(encoded("m4a"))
    at_start, _ = decode_audio(encoded("m4a-faststart"))

    np.testing.assert_array_equal(at_end, at_start)


def test_empty_bytes():
    with pytest.raises(AudioDecodeError, match="the file is empty"):
        decode_audio(b"")


@pytest.mark.parametrize(
    "data", [b"garbage" * 20, bytes(range(256)) * 4, b"\x00" * 4096]
)
def test_garbage(data):
    with pytest.raises(NotAudioError, match="does not begin like any accepted"):
        decode_audio(data)


@pytest.mark.parametrize("fmt", ["mp3", "wav", "flac", "ogg"])
def test_truncated_stream_keeps_what_arrived(fmt):
    # Four seconds: FFmpeg's ogg demuxer refuses a cut file of only a few pages.
    data = encoded(fmt, 44_100, 4.0)
    full, _ = decode_audio(data)

    signal, _ = decode_audio(data[: len(data) // 2])

    assert 0.2 * len(full) < len(signal) < 0.75 * len(full)  # ogg cuts at whole pages
    np.testing.assert_allclose(signal[:2000], full[:2000], atol=1e-6)


@pytest.mark.parametrize("fmt", ["mp3", "m4a-faststart"])
def test_damaged_packets_are_skipped(fmt):
    data = bytearray(encoded(fmt, 44_100, 4.0))
    full, rate = decode_audio(bytes(data))
    middle = len(data) // 2
    data[middle : middle + 300] = bytes(i * 37 % 256 for i in range(300))

    signal, _ = decode_audio(bytes(data))

    # A frame or two (26 ms of mp3, 23 ms of AAC each) is lost, not the rest.
    assert len(full) - 0.1 * rate < len(signal) < len(full)
    np.testing.assert_allclose(signal[:2000], full[:2000], atol=1e-6)


def test_m4a_cut_before_its_index_is_undecodable():
    data = encoded("m4a")  # the moov index is at the end

    with pytest.raises(AudioDecodeError):
        decode_audio(data[: len(data) // 2])


def test_no_audio_stream():
    with pytest.raises(AudioNoStreamError, match="no audio stream"):
        decode_audio(video_only_mp4())


@pytest.mark.parametrize("declared_rate", [1, 10_000_000])
def test_absurd_sample_rate(declared_rate):
    data = wav_bytes(np.zeros(1000), 8000, declared_rate=declared_rate)

    with pytest.raises(AudioSampleRateError, match=f"{declared_rate} Hz is outside"):
        decode_audio(data)


def test_absurd_requested_rate():
    with pytest.raises(AudioSampleRateError, match="requested sample rate 100 Hz"):
        decode_audio(encoded("wav"), sample_rate=100)


class _CountingBytesIO(io.BytesIO):
    """Remembers the furthest byte read."""

    furthest = 0

    def read(self, size=-1):
        chunk = super().read(size)
        _CountingBytesIO.furthest = max(_CountingBytesIO.furthest, self.tell())
        return chunk


def test_too_long_stops_decoding_at_the_cap(monkeypatch):
    # Two hours of 8 kbit/s mp3, made cheaply by repeating one minute's frames.
    minute = encode_audio(tone(200, 60.0, 8000), 8000, "mp3", bitrate=8000)
    two_hours = minute * 120
    monkeypatch.setattr(containers_module.io, "BytesIO", _CountingBytesIO)

    with pytest.raises(AudioTooLongError, match="longer than 600 s") as caught:
        decode_audio(two_hours)

    assert caught.value.max_seconds == 600.0
    # Ten minutes of two hours were read (plus the demuxer's read-ahead), no more.
    assert _CountingBytesIO.furthest < 0.1 * len(two_hours)


def test_just_under_the_cap_is_accepted():
    signal, _ = decode_audio(wav_bytes(tone(440, 2.0, 8000), 8000), max_seconds=2.5)

    assert len(signal) == pytest.approx(2 * ANALYSIS_RATE, abs=64)


def test_odd_source_rate_goes_through_swr():
    # gcd(44101, 22050) = 1: a polyphase FIR would need 882,020 taps.
    signal, rate = decode_audio(wav_bytes(tone(1000, 1.0, 44_101), 44_101))

    assert abs(len(signal) - ANALYSIS_RATE) <= 64
    assert dominant_frequency(signal, rate) == pytest.approx(1000, abs=2)


def _one_shot(mono: np.ndarray, source_rate: int) -> np.ndarray:
    """``mono`` through one libswresample call, as the whole signal at once."""
    resampler = av.AudioResampler(format="dbl", layout="mono", rate=ANALYSIS_RATE)
    frame = av.AudioFrame.from_ndarray(mono[None, :], format="dbl", layout="mono")
    frame.sample_rate = source_rate
    frame.pts = 0
    frame.time_base = Fraction(1, source_rate)
    frames = resampler.resample(frame) + resampler.resample(None)
    return np.concatenate([out.to_ndarray()[0] for out in frames])


@pytest.mark.parametrize("source_rate", [8000, 44_100, 44_101, 48_000, 192_000])
def test_resampling_batch_by_batch_equals_one_shot(source_rate):
    # 10 s: 1.3 to 29 batches of 2**16 samples go through one resampler in turn.
    data = wav_bytes(music(10.0, source_rate, seed=3), source_rate)
    mono, _ = decode_audio(data, sample_rate=source_rate)  # no resampling

    signal, _ = decode_audio(data)

    # The resampler's state carries over: the same samples, bit for bit.
    np.testing.assert_array_equal(signal, _one_shot(mono, source_rate))
    assert len(signal) == 10 * ANALYSIS_RATE


def test_channel_count_may_change_inside_the_stream():
    # Two mp3s back to back, mono then stereo: one stream whose frames change layout.
    mono = encode_audio(tone(440, 3.0, 44_100), 44_100, "mp3")
    stereo = encode_audio(
        np.stack([tone(440, 3.0, 44_100), tone(660, 3.0, 44_100)], axis=1),
        44_100,
        "mp3",
    )

    signal, rate = decode_audio(mono + stereo)

    assert len(signal) == pytest.approx(6 * rate, rel=0.02)
    first, second = signal[rate : 2 * rate], signal[4 * rate : 5 * rate]
    assert np.sqrt(np.mean(first**2)) == pytest.approx(8000 / np.sqrt(2), rel=0.1)
    assert np.sqrt(np.mean(second**2)) == pytest.approx(4000, rel=0.1)


@pytest.mark.parametrize("max_seconds", [0, -1.0, float("inf"), float("nan")])
def test_max_seconds_must_be_a_positive_duration(max_seconds):
    with pytest.raises(ValueError, match="max_seconds must be a positive duration"):
        decode_audio(encoded("wav"), max_seconds=max_seconds)


def test_the_signal_owns_exactly_what_was_decoded():
    signal, _ = decode_audio(encoded("mp3"))

    # Cut from the cap-sized buffer in place: no view of a 600 s array is kept.
    assert signal.base is None
    assert signal.flags.owndata
    assert signal.flags.writeable


def test_tags_that_are_not_utf8_do_not_stop_decoding():
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as container:
        container.metadata["title"] = "PLACEHOLDER"
        stream = container.add_stream("flac", rate=ANALYSIS_RATE, layout="mono")
        samples = np.round(tone(440, 1.0, ANALYSIS_RATE)).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(
            samples[None, :], format="s16", layout="mono"
        )
        frame.sample_rate = ANALYSIS_RATE
        frame.pts = 0
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    # A Latin-1 title in a Vorbis comment, which should hold UTF-8.
    data = buffer.getvalue().replace(b"PLACEHOLDER", "Café Noir !".encode("latin-1"))

    signal, _ = decode_audio(data)

    np.testing.assert_array_equal(signal, samples.astype(np.float64))
