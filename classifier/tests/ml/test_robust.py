"""The clip-length policy, against pyAudioAnalysis 0.3.14 itself."""

import numpy as np
import pytest

from classifier.audio.names import (
    ANALYSIS_RATE,
    FEATURE_NAMES,
    MID_WINDOW_S,
    SHORT_STEP_S,
)
from classifier.ml.errors import FeatureShapeError
from classifier.ml.robust import (
    LENGTH_DEPENDENT_FEATURES,
    FeaturePolicy,
    feature_policy,
)
from classifier.tests.audio.reference import paa_mid_term

#: pyAudioAnalysis's short-term step in samples at the analysis rate.
STEP = round(SHORT_STEP_S * ANALYSIS_RATE)
#: Short-term frames per 1 s mid-term window (1.0 s / 0.05 s).
FRAMES_PER_WINDOW = round(MID_WINDOW_S / SHORT_STEP_S)
DELTA_MEANS = slice(34, 68)


def _paa_mid_term(signal):
    """pyAudioAnalysis's mid-term matrix and short-term frames of ``signal``."""
    return paa_mid_term(signal, ANALYSIS_RATE)


def _song(seconds_in_windows, *, seed=0):
    """Seeded noise bursts whose level drifts, exactly ``K`` 1 s windows long."""
    rng = np.random.default_rng(seed)
    n = seconds_in_windows * FRAMES_PER_WINDOW * STEP
    envelope = 1.0 + 0.5 * np.sin(np.linspace(0, 7.0, n)) + 0.2 * rng.random(n)
    return 3000.0 * envelope * rng.standard_normal(n)


def test_policy_drops_exactly_the_34_delta_means():
    policy = feature_policy()
    assert policy.name == "length_invariant"
    assert len(LENGTH_DEPENDENT_FEATURES) == 34
    assert policy.dropped == FEATURE_NAMES[DELTA_MEANS]
    assert len(policy.feature_names) == 104
    assert "delta mfcc_1_std" in policy.feature_names
    assert {"bpm", "ratio", "zcr_mean"} <= set(policy.feature_names)
    assert FeaturePolicy.from_dict(policy.to_dict()) == policy
    X = np.arange(2 * 138.0).reshape(2, 138)
    np.testing.assert_array_equal(policy.select(X)[0, 33:35], [33.0, 68.0])
    with pytest.raises(FeatureShapeError, match=r"expected shape \(n, 138\)"):
        policy.select(X[:, :100])


@pytest.mark.parametrize("windows", [10, 30])
def test_paa_delta_means_telescope_to_end_minus_start_over_length(windows):
    """In pyAudioAnalysis, mean over windows of delta means == (f[-1] - f[0]) / n."""
    mid, short = _paa_mid_term(_song(windows))
    assert short.shape[1] == windows * FRAMES_PER_WINDOW
    expected = (short[:34, -1] - short[:34, 0]) / short.shape[1]
    np.testing.assert_allclose(
        mid[DELTA_MEANS].mean(axis=1), expected, rtol=1e-9, atol=1e-15
    )


def test_paa_delta_means_vanish_for_tracks_with_silent_ends():
    song = _song(20)
    pad = np.zeros(FRAMES_PER_WINDOW * STEP)
    mid, _ = _paa_mid_term(np.concatenate([pad, song, pad]))
    vector = mid.mean(axis=1)
    np.testing.assert_allclose(vector[DELTA_MEANS], 0.0, atol=1e-15)
    assert np.abs(vector[68:102]).min() > 0  # the kept stds still describe the song
