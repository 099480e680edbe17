"""extract_features against pyAudioAnalysis 0.3.14: stored references and live runs."""

import numpy as np
import pytest

from classifier.audio import (
    FEATURE_NAMES,
    WINDOW_FEATURE_NAMES,
    AudioSampleRateError,
    AudioTooShortError,
    extract_features,
)
from classifier.tests.audio.make_references import CASES, REFERENCES
from classifier.tests.audio.parity import assert_parity
from classifier.tests.audio.reference import paa_features
from classifier.tests.audio.signals import music, synthesize


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_matches_stored_reference(case):
    signal = synthesize(case.signal, case.duration_s, case.sample_rate, case.seed)

    features = extract_features(signal, case.sample_rate)

    assert_parity(features.vector, np.load(REFERENCES / f"{case.name}.vector.npy"))
    assert_parity(features.windows, np.load(REFERENCES / f"{case.name}.windows.npy"))


@pytest.mark.parametrize(("sample_rate", "seed"), [(22_050, 11), (44_100, 12)])
def test_matches_live_pyaudioanalysis(sample_rate, seed):
    signal = music(5.0, sample_rate, seed=seed)
    expected, windows = paa_features(signal, sample_rate)

    features = extract_features(signal, sample_rate)

    assert_parity(features.vector, expected)
    assert_parity(features.windows, windows)


def test_int16_input_matches_float_input():
    signal = music(2.0, 22_050, seed=13)
    as_int16 = np.round(signal).astype(np.int16)

    from_int = extract_features(as_int16, 22_050)
    from_float = extract_features(as_int16.astype(np.float64), 22_050)

    np.testing.assert_array_equal(from_int.vector, from_float.vector)


def test_layout_and_metadata():
    features = extract_features(music(2.5, 22_050, seed=14), 22_050)

    assert features.names == FEATURE_NAMES
    assert features.window_names == WINDOW_FEATURE_NAMES
    assert features.vector.shape == (138,)
    assert features.windows.shape == (3, 136)
    np.testing.assert_allclose(
        features.window_starts_s, [0.0, 20 * 1102 / 22_050, 40 * 1102 / 22_050]
    )
    assert features.window_duration_s == pytest.approx(20 * 1102 / 22_050)
    assert features.duration_s == pytest.approx(2.5)
    # The clip vector is the mean of the window rows, then the beat.
    np.testing.assert_allclose(
        features.vector[:136], features.windows.mean(axis=0), rtol=1e-12
    )


def test_features_are_read_only():
    features = extract_features(music(1.0, 22_050), 22_050)

    with pytest.raises(ValueError, match="read-only"):
        features.vector[0] = 1.0


def test_shorter_than_one_frame_raises(paa):
    mid_term, _ = paa
    signal = music(0.04, 22_050, seed=15)  # 882 samples < one 1102-sample frame
    with pytest.raises(ValueError, match="at least one array"):
        mid_term.mid_feature_extraction(signal, 22_050, 22_050, 22_050, 1102, 1102)

    with pytest.raises(
        AudioTooShortError, match=r"40\.0 ms; features need at least one 50 ms frame"
    ):
        extract_features(signal, 22_050)


def test_rejects_non_finite_and_multichannel_signals():
    signal = music(1.0, 22_050)
    signal[100] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        extract_features(signal, 22_050)
    with pytest.raises(ValueError, match=r"mono signal of shape \(n,\)"):
        extract_features(np.zeros((22_050, 2)), 22_050)


def test_rate_too_low_for_the_chroma_table():
    with pytest.raises(AudioSampleRateError, match="2000 Hz is too low"):
        extract_features(np.zeros(4000), 2000)
