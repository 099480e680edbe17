"""The peak detector and beat estimate against pyAudioAnalysis."""

import numpy as np
import pytest

from classifier.audio.beat import BEAT_FEATURES, beat_extraction, peak_positions


def _series(kind: str, rng: np.random.Generator, n: int) -> np.ndarray:
    if kind == "noise":
        return rng.standard_normal(n)
    if kind == "ties":
        return np.round(rng.standard_normal(n) * 2)  # plateaus and repeated maxima
    if kind == "walk":
        return np.cumsum(rng.standard_normal(n))
    return np.tile([0.0, 1.0, 1.0, 0.0, -1.0], n // 5 + 1)[:n]  # exact repeats


@pytest.mark.parametrize("kind", ["noise", "ties", "walk", "pattern"])
def test_peaks_equal_peakdet(paa, kind):
    from pyAudioAnalysis import utilities

    rng = np.random.default_rng(31)
    for n in (1, 2, 3, 17, 250, 601):
        for delta in (1e-16, 0.3, 1.0, 2.5):
            values = _series(kind, rng, n)

            actual = peak_positions(values.tolist(), delta)

            expected = utilities.peakdet(values, delta)[0].astype(int).tolist()
            assert actual == expected


def test_peaks_of_a_hand_drawn_series():
    values = [0.0, 2.0, 1.0, 3.0, 0.5, 0.4, 2.0, 1.9, 0.0]

    # 2.0 never falls by more than 1 before 3.0 rises; 3.0 falls to 0.5 (a peak);
    # 2.0 rises from 0.4 and falls to 0.0 (a peak).
    assert peak_positions(values, 1.0) == [3, 6]


def test_nan_threshold_finds_nothing():
    assert peak_positions([0.0, 5.0, 0.0, 5.0, 0.0], float("nan")) == []


@pytest.mark.filterwarnings("ignore:Mean of empty slice", "ignore:invalid value")
@pytest.mark.parametrize("n_frames", [1, 2, 40, 600])
def test_beat_equals_reference(paa, n_frames):
    mid_term, _ = paa
    rng = np.random.default_rng(32)
    t = np.arange(n_frames)
    short = rng.standard_normal((68, n_frames)) * 0.1
    short[list(BEAT_FEATURES)] += np.sin(2 * np.pi * t / 10)  # a 10-frame beat

    bpm, ratio = beat_extraction(short, 0.05)

    expected_bpm, expected_ratio = mid_term.beat_extraction(short, 0.05)
    assert bpm == expected_bpm
    assert ratio == expected_ratio
    if n_frames == 600:
        assert bpm == pytest.approx(60 / (10 * 0.05))  # 120 bpm


def test_beat_of_real_features_equals_reference(paa):
    """Music features: some maxima lie further apart (up to 47 frames) than the
    2 s (40-frame) histogram holds, and are left out as in the reference."""
    from classifier.audio.short_term import short_term_features
    from classifier.tests.audio.signals import music

    mid_term, _ = paa
    signal = music(30.0, 22_050, seed=3)
    short = short_term_features(signal, 22_050, window=1102, step=1102)

    assert beat_extraction(short, 0.05) == mid_term.beat_extraction(short, 0.05)


def test_constant_features_give_no_beat():
    bpm, ratio = beat_extraction(np.ones((68, 50)), 0.05)

    # No peaks: an all-zero histogram, whose argmax is the first bin (1 frame).
    assert (bpm, ratio) == (pytest.approx(1200.0), 0.0)
