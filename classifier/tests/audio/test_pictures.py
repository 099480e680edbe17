"""Feature pictures against signals whose pictures can be worked out by hand."""

import base64

import numpy as np
import pytest

from classifier.audio import extract_features
from classifier.audio.names import INT16_SCALE, SHORT_TERM_NAMES
from classifier.audio.pictures import (
    A_CLASS,
    DYNAMIC_RANGE_DB,
    PICTURE_COLUMNS,
    PITCH_CLASSES,
    SPECTROGRAM_BANDS,
    SPECTROGRAM_FFT,
    WAVEFORM_COLUMNS,
    _band_means,
    clip_pictures,
    column_means,
    quantise,
    waveform_envelope,
)
from classifier.audio.short_term import short_term_features

RATE = 22_050
BIN_HZ = RATE / SPECTROGRAM_FFT


def sine(hz: float, *, amplitude: float, seconds: float = 5.0) -> np.ndarray:
    """An int16-scaled sine, ``amplitude`` in full scale."""
    t = np.arange(round(seconds * RATE)) / RATE
    return amplitude * INT16_SCALE * np.sin(2 * np.pi * hz * t)


def pictures_of(signal: np.ndarray):
    return clip_pictures(signal, RATE, extract_features(signal, RATE).short_term)


def test_waveform_envelope_of_a_ramp():
    lows, highs = waveform_envelope(np.arange(10.0), columns=5)

    np.testing.assert_array_equal(lows, [0, 2, 4, 6, 8])
    np.testing.assert_array_equal(highs, [1, 3, 5, 7, 9])


def test_waveform_envelope_of_uneven_stretches_and_a_short_signal():
    # 7 samples in 3 columns: stretches [0, 2), [2, 4), and the rest [4, 7).
    lows, highs = waveform_envelope(np.array([5.0, -1, 2, 3, -4, 0, 9]), columns=3)
    np.testing.assert_array_equal(lows, [-1, 2, -4])
    np.testing.assert_array_equal(highs, [5, 3, 9])

    # 11 samples in 3 columns: [0, 3), [3, 6), [6, 11).
    lows, highs = waveform_envelope(np.arange(11.0) % 4, columns=3)
    np.testing.assert_array_equal(lows, [0, 0, 0])
    np.testing.assert_array_equal(highs, [2, 3, 3])

    lows, highs = waveform_envelope(np.array([1.0, -2.0]), columns=600)
    np.testing.assert_array_equal(lows, [1, -2])
    np.testing.assert_array_equal(highs, [1, -2])


def test_waveform_picture_of_a_half_scale_sine():
    pictures = pictures_of(sine(441.0, amplitude=0.5))

    assert pictures.waveform.values.shape == (2, WAVEFORM_COLUMNS)
    # -0.5 and +0.5 of full scale on 0 … 255 for -1 … 1: 63.75 -> 64, 191.25 -> 191.
    assert set(pictures.waveform.values[0]) == {64}
    assert set(pictures.waveform.values[1]) == {191}
    assert (pictures.waveform.low, pictures.waveform.high) == (-1.0, 1.0)


def test_quantise_maps_the_scale_onto_bytes():
    np.testing.assert_array_equal(
        quantise(np.array([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0]), -1.0, 1.0),
        [0, 0, 128, 191, 255, 255],
    )
    # One scale per row; a constant row is 0.
    rows = np.array([[0.0, 5.0, 10.0], [7.0, 7.0, 7.0]])
    np.testing.assert_array_equal(
        quantise(rows, np.array([[0.0], [7.0]]), np.array([[10.0], [7.0]])),
        [[0, 128, 255], [0, 0, 0]],
    )


def test_spectrogram_of_a_sine_on_a_bin_peaks_in_its_band_at_its_level():
    k = 40  # 861.3 Hz, exactly on bin 40 of the 1024-sample frames
    pictures = pictures_of(sine(k * BIN_HZ, amplitude=0.5))
    image = pictures.spectrogram.values

    assert image.shape == (SPECTROGRAM_BANDS, PICTURE_COLUMNS)
    bands, _ = _band_means(RATE, SPECTROGRAM_FFT // 2 + 1, SPECTROGRAM_BANDS)
    band = int(np.flatnonzero(bands.toarray()[:, k])[0])
    assert set(image.argmax(axis=0)) == {band}
    assert set(image[band]) == {255}
    # The periodic Hann window puts a bin-centred sine of amplitude A at A on its bin
    # and A / 2 on each neighbour (full-scale units): power 0.25 and 0.0625 here.
    power = np.zeros(SPECTROGRAM_FFT // 2 + 1)
    power[[k - 1, k, k + 1]] = [0.0625, 0.25, 0.0625]
    weights = bands.toarray()[band]
    expected_db = 10 * np.log10(weights @ power)
    assert pictures.spectrogram.high == pytest.approx(expected_db, abs=1e-4)
    assert pictures.spectrogram.low == pytest.approx(expected_db - DYNAMIC_RANGE_DB)
    centre = pictures.band_frequencies_hz[band]
    assert abs(centre - k * BIN_HZ) < 25.0


def test_a_single_bin_band_shows_the_sine_at_minus_six_db():
    # Below ~300 Hz a mel band is about a bin wide: bin 10 (215.3 Hz) is alone in one.
    k = 10
    bands, _ = _band_means(RATE, SPECTROGRAM_FFT // 2 + 1, SPECTROGRAM_BANDS)
    band = int(np.flatnonzero(bands.toarray()[:, k])[0])
    assert bands.toarray()[band].nonzero()[0].tolist() == [k]

    pictures = pictures_of(sine(k * BIN_HZ, amplitude=0.5))

    assert pictures.spectrogram.high == pytest.approx(20 * np.log10(0.5), abs=1e-4)


def test_band_centres_rise_on_the_mel_scale_up_to_nyquist():
    _, centres = _band_means(RATE, SPECTROGRAM_FFT // 2 + 1, SPECTROGRAM_BANDS)

    assert np.all(np.diff(centres) > 0)
    assert 0 < centres[0] < 20
    assert RATE / 2 - 200 < centres[-1] < RATE / 2
    # Evenly spaced in mel: about 31 mel apart.
    mel = 2595 * np.log10(1 + centres / 700)
    np.testing.assert_allclose(np.diff(mel), mel[1] - mel[0], rtol=1e-9)


@pytest.mark.parametrize(
    ("hz", "pitch_class"),
    [(440.0, "A"), (523.25, "C"), (659.26, "E"), (987.77, "B"), (1479.98, "F♯")],
)
def test_chromagram_of_a_sine_peaks_at_its_pitch_class(hz, pitch_class):
    pictures = pictures_of(sine(hz, amplitude=0.5))
    image = pictures.chromagram.values

    assert image.shape == (12, PICTURE_COLUMNS)
    row = PITCH_CLASSES.index(pitch_class)
    assert set(image.argmax(axis=0)) == {row}
    assert set(image[row]) == {255}  # each column over its strongest class


def test_chromagram_rows_start_at_c():
    assert PITCH_CLASSES[0] == "C"
    assert PITCH_CLASSES[A_CLASS] == "A"
    assert len(PITCH_CLASSES) == 12


def test_column_means_average_consecutive_columns():
    matrix = np.arange(12.0).reshape(2, 6)

    np.testing.assert_array_equal(
        column_means(matrix, columns=3), [[0.5, 2.5, 4.5], [6.5, 8.5, 10.5]]
    )
    # 5 columns into 2: [0, 2) and [2, 5).
    np.testing.assert_array_equal(
        column_means(np.arange(5.0)[None], columns=2), [[0.5, 3.0]]
    )
    np.testing.assert_array_equal(column_means(matrix, columns=600), matrix)


def test_mfcc_picture_is_the_classifiers_own_mfccs():
    rng = np.random.default_rng(3)
    signal = rng.normal(0, 3000, 6 * RATE) + sine(300.0, amplitude=0.3, seconds=6)
    features = extract_features(signal, RATE)
    pictures = clip_pictures(signal, RATE, features.short_term)

    first = SHORT_TERM_NAMES.index("mfcc_1")
    mfccs = column_means(features.short_term[first : first + 13], columns=300)
    np.testing.assert_allclose(pictures.mfcc.low, mfccs.min(axis=1))
    np.testing.assert_allclose(pictures.mfcc.high, mfccs.max(axis=1))
    # 6 s of 50 ms frames: 120 frames, fewer than the 300 columns, one column each.
    assert features.short_term.shape == (68, 120)
    assert pictures.mfcc.values.shape == (13, 120)
    low, high = mfccs.min(1)[:, None], mfccs.max(1)[:, None]
    np.testing.assert_array_equal(pictures.mfcc.values, quantise(mfccs, low, high))


def test_features_keep_the_short_term_matrix_they_were_built_from():
    signal = sine(300.0, amplitude=0.3, seconds=2) + 100.0
    features = extract_features(signal, RATE, threads=1)

    expected = short_term_features(signal, RATE, window=1102, step=1102)
    np.testing.assert_array_equal(features.short_term, expected)
    assert not features.short_term.flags.writeable


def test_silence_draws_dark_pictures():
    pictures = pictures_of(np.zeros(2 * RATE))

    assert pictures.spectrogram.values.max() == 0
    assert pictures.spectrogram.low == -120.0
    assert pictures.chromagram.values.max() == 0
    assert set(pictures.waveform.values.ravel()) == {128}


def test_the_compact_form_decodes_to_the_same_images():
    pictures = pictures_of(sine(440.0, amplitude=0.25, seconds=3))
    data = pictures.to_dict()

    assert set(data) == {
        "format",
        "duration_s",
        "sample_rate",
        "waveform",
        "spectrogram",
        "chromagram",
        "mfcc",
    }
    assert (data["format"], data["duration_s"], data["sample_rate"]) == (1, 3.0, RATE)
    for name in ("waveform", "spectrogram", "chromagram", "mfcc"):
        picture = getattr(pictures, name)
        raw = base64.b64decode(data[name]["data"])
        decoded = np.frombuffer(raw, np.uint8).reshape(data[name]["shape"])
        np.testing.assert_array_equal(decoded, picture.values)
    assert data["chromagram"]["pitch_classes"][0] == "C"
    assert len(data["spectrogram"]["frequencies_hz"]) == SPECTROGRAM_BANDS
    assert len(data["mfcc"]["min"]) == 13
    assert data["spectrogram"]["unit"] == "dBFS"


def test_the_shortest_clip_the_extractor_takes_still_has_pictures():
    signal = sine(1000.0, amplitude=0.5, seconds=0.05)  # one 50 ms frame
    pictures = pictures_of(signal)

    assert pictures.waveform.values.shape == (2, WAVEFORM_COLUMNS)
    assert pictures.spectrogram.values.shape == (SPECTROGRAM_BANDS, 1)
    assert pictures.chromagram.values.shape == (12, 1)
    assert pictures.mfcc.values.shape == (13, 1)
    assert pictures.duration_s == len(signal) / RATE == 1102 / RATE
