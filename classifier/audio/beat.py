"""Beat rate and its confidence from the short-term features (pyAudioAnalysis's way).

``MidTermFeatures.beat_extraction`` finds the local maxima of 18 short-term features
with ``utilities.peakdet`` (Eli Billauer's delta-hysteresis peak detector), histograms
the distances between consecutive maxima and takes the most common distance as the
beat. The detector is a state machine that walks each series once; it runs here as
plain Python on floats (18 series of 600 values for a 30 s clip: about a millisecond).
"""

import itertools
import math

import numpy as np

#: Rows of the short-term matrix the beat is estimated from (zcr, energy, centroid,
#: spread, spectral entropy, flux, roll-off and the 13 MFCCs minus the last two).
BEAT_FEATURES = (0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
#: Longest beat period considered, in seconds.
MAX_BEAT_PERIOD_S = 2.0
#: The peak threshold is this times the mean absolute frame-to-frame change.
THRESHOLD_FACTOR = 2.0
#: Stand-in threshold for a feature that never changes.
MIN_THRESHOLD = 0.0000000000000001
#: ``MidTermFeatures`` guards its divisions with 1e-8 (``ShortTermFeatures`` uses the
#: machine epsilon).
MID_EPS = 0.00000001
SECONDS_PER_MINUTE = 60


def peak_positions(values: list[float], delta: float) -> list[int]:
    """Indices of the maxima ``utilities.peakdet(values, delta)`` reports.

    peakdet alternates between looking for a maximum, recorded once the series falls
    more than ``delta`` below it, and looking for a minimum, after which it looks for
    a maximum again once the series rises more than ``delta`` above that minimum.

    Parameters
    ----------
    values : list of float [shape=(n,)]
    delta : float
        Positive (a NaN ``delta`` finds nothing, as in the reference).

    Returns
    -------
    list of int
        Where each maximum was, in order.
    """
    peaks = []
    highest, highest_at, lowest = -math.inf, 0, math.inf
    looking_for_max = True
    # peakdet updates both extremes at every step, but each only matters in its own
    # state and is reset on entering it, so each state tracks its own.
    for index, value in enumerate(values):
        if looking_for_max:
            if value > highest:
                highest, highest_at = value, index
            elif value < highest - delta:
                peaks.append(highest_at)
                lowest = value
                looking_for_max = False
        elif value < lowest:
            lowest = value
        elif value > lowest + delta:
            highest, highest_at = value, index
            looking_for_max = True
    return peaks


def beat_extraction(
    short_features: np.ndarray, window_s: float
) -> tuple[np.float64, np.float64]:
    """Beats per minute and the share of peak distances that agree with it.

    Equals ``MidTermFeatures.beat_extraction(short_features, window_s)``.

    Parameters
    ----------
    short_features : np.ndarray [shape=(n_feats >= 19, n_frames)]
    window_s : float
        Short-term step, in seconds.

    Returns
    -------
    bpm, ratio : np.float64
        ``60 / (d * window_s)`` for the most common distance ``d`` (in frames) between
        consecutive maxima, summed over the features; ``ratio`` is that bin's share of
        the histogram (``/ (sum + 1e-8)``).
    """
    max_beat_time = round(MAX_BEAT_PERIOD_S / window_s)
    n_frames = short_features.shape[1]
    series = short_features[list(BEAT_FEATURES)]
    if n_frames > 1:
        thresholds = THRESHOLD_FACTOR * np.abs(series[:, :-1] - series[:, 1:]).mean(
            axis=1
        )
        thresholds[thresholds <= 0] = MIN_THRESHOLD
    else:  # the reference's threshold is NaN (a mean of nothing), which finds nothing
        thresholds = np.full(len(series), np.nan)
    # Distances between consecutive maxima of each feature, histogrammed over
    # 1..max_beat_time frames (np.histogram's unit bins around integers).
    bins = max_beat_time + 1
    keys = []
    for row, (values, delta) in enumerate(
        zip(series.tolist(), thresholds.tolist(), strict=True)
    ):
        peaks = peak_positions(values, delta)
        gaps = (after - before for before, after in itertools.pairwise(peaks))
        keys += [row * bins + gap for gap in gaps if gap <= max_beat_time]
    counts = np.bincount(keys, minlength=len(series) * bins).reshape(-1, bins)
    # Summed over the features in order (a reduction over the first axis adds row
    # after row), as the reference's ``hist_all +=`` does.
    hist_all = np.sum(counts[:, 1:] / n_frames, axis=0)
    edges = np.arange(0.5, max_beat_time + 1.5)
    centres = (edges[0:-1] + edges[1::]) / 2.0
    best = np.argmax(hist_all)
    bpm = (SECONDS_PER_MINUTE / (centres * window_s))[best]
    ratio = hist_all[best] / (hist_all.sum() + MID_EPS)
    return bpm, ratio
