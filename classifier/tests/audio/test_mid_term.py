"""Mid-term windows and the framing helpers against pyAudioAnalysis's loops."""

import numpy as np
import pytest

from classifier.audio.framing import frame, frame_count, normalize_signal
from classifier.audio.mid_term import mid_term_features, window_ratios


def _reference_stats(short, window_ratio, step_ratio):
    """MidTermFeatures.mid_feature_extraction's loop, verbatim in effect."""
    n_feats, n_frames = short.shape
    means, stds = [[] for _ in range(n_feats)], [[] for _ in range(n_feats)]
    for i in range(n_feats):
        position = 0
        while position < n_frames:
            chunk = short[i][position : min(position + window_ratio, n_frames)]
            means[i].append(np.mean(chunk))
            stds[i].append(np.std(chunk))
            position += step_ratio
    return np.nan_to_num(np.array(means + stds))


@pytest.mark.parametrize(
    ("n_frames", "window_ratio", "step_ratio"),
    [(600, 20, 20), (605, 20, 20), (7, 20, 20), (50, 20, 10), (50, 10, 20)],
)
def test_window_statistics_equal_reference_loop(n_frames, window_ratio, step_ratio):
    short = np.random.default_rng(41).standard_normal((6, n_frames))

    actual = mid_term_features(short, window_ratio=window_ratio, step_ratio=step_ratio)

    np.testing.assert_array_equal(
        actual, _reference_stats(short, window_ratio, step_ratio)
    )


@pytest.mark.parametrize(
    ("rate", "expected"), [(16_000, (20, 20)), (22_050, (20, 20)), (44_100, (20, 20))]
)
def test_window_ratios(rate, expected):
    short = round(0.05 * rate)
    assert (
        window_ratios(
            mid_window=rate, mid_step=rate, short_window=short, short_step=short
        )
        == expected
    )


def test_hand_computed_window():
    short = np.array([[1.0, 2.0, 3.0, 4.0, 10.0]])

    stats = mid_term_features(short, window_ratio=4, step_ratio=4)

    np.testing.assert_allclose(stats, [[2.5, 10.0], [np.sqrt(1.25), 0.0]], rtol=1e-15)


def test_normalize_signal_equals_dc_normalize(paa):
    _, reference = paa
    rng = np.random.default_rng(42)
    for signal in (
        rng.standard_normal(5000) * 3000 + 500,
        np.full(300, 7.0),
        np.zeros(10),
    ):
        np.testing.assert_array_equal(
            normalize_signal(signal), reference.dc_normalize(signal / 2.0**15)
        )


def test_frame_is_a_view_of_slices():
    signal = np.arange(10.0)

    frames = frame(signal, frame_length=4, hop_length=3)

    np.testing.assert_array_equal(frames, [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]])
    assert frame_count(3, frame_length=4, hop_length=3) == 0
    assert not frames.flags.writeable
