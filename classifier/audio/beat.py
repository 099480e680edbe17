"""Beat rate and its confidence from the short-term features (pyAudioAnalysis's way).

``MidTermFeatures.beat_extraction`` finds the local maxima of 18 short-term features
with ``utilities.peakdet`` (Eli Billauer's delta-hysteresis peak detector), histograms
the distances between consecutive maxima and takes the most common distance as the
beat. Here the detector runs without a loop per frame: the next switch of its state
machine is precomputed for every start position with a sparse table of range maxima,
and the chain of switches from the first frame is followed by pointer doubling.
"""

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


def _next_switch(rise: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each row and start ``s``: the first ``j > s`` with ``v[j] < max(rise[s:j])``.

    Parameters
    ----------
    rise : np.ndarray [shape=(m, n)]
        What the running extremum is compared through (``v - delta``).
    values : np.ndarray [shape=(m, n)]
        Finite.

    Returns
    -------
    np.ndarray [shape=(m, n + 1), dtype=int]
        ``n`` where no such ``j`` exists; column ``n`` (the "never" state) maps to
        ``n``.
    """
    m, n = values.shape
    width = n + 1
    n_levels = max(int(n).bit_length(), 1)
    pad = 2**n_levels
    # Each row gets a +inf wall on its left that no block maximum can pass, so the
    # rows can share one flat array (itself preceded by ``pad`` walls); level l of the
    # sparse table holds max(rise[i : i + 2**l]) at flat index i.
    walled = np.full(pad + m * width, np.inf)
    walled[pad:].reshape(m, width)[:, 1:] = rise
    table = [walled]
    for level in range(1, n_levels):
        half = 2 ** (level - 1)
        table.append(np.maximum(table[-1][:-half], table[-1][half:]))
    # For each j, walk left from j over blocks whose maximum stays <= values[j]; the
    # walk stops just right of the nearest k < j with rise[k] > values[j] (of the wall
    # when there is none).
    row_start = pad + np.arange(m)[:, None] * width + 1
    stop = (row_start + np.arange(n)).ravel().astype(np.int32)  # int32: faster gathers
    flat_values = values.ravel()
    for level in range(n_levels - 1, -1, -1):
        move = np.take(table[level], stop - 2**level) <= flat_values
        stop -= move.astype(np.int32) << level
    nearest = stop.reshape(m, n) - row_start - 1  # -1: none
    # switch(s) = min { j : nearest(j) >= s } = min { j : max(nearest[:j + 1]) >= s }.
    # The running maximum M never decreases, so j is the switch of the starts
    # M(j - 1) < s <= M(j), and "never" (n) of those above M(n - 1): repeat each j as
    # many times as M grows there.
    running = np.empty((m, width), dtype=int)
    running[:, 0] = -1
    np.maximum.accumulate(nearest, axis=1, out=running[:, 1:])
    counts = np.empty((m, width), dtype=int)
    counts[:, :-1] = np.diff(running, axis=1)
    counts[:, -1] = n - running[:, -1]
    return np.repeat(np.tile(np.arange(width), m), counts.ravel()).reshape(m, width)


def peak_positions(values: np.ndarray, deltas: np.ndarray) -> list[np.ndarray]:
    """Indices of the maxima ``utilities.peakdet(values[i], deltas[i])`` reports.

    Parameters
    ----------
    values : np.ndarray [shape=(m, n)]
        ``m`` finite series, each searched on its own.
    deltas : np.ndarray [shape=(m,)]
        Positive thresholds.

    Returns
    -------
    list of np.ndarray [shape=(n_peaks_i,), dtype=int]
    """
    rows, peaks = _peaks(np.asarray(values, dtype=np.float64), deltas)
    return np.split(peaks, np.searchsorted(rows, np.arange(1, len(values))))


def _peaks(values: np.ndarray, deltas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The maxima of every row, as ``(row, index)`` pairs sorted by row then index.

    peakdet alternates between looking for a maximum, recorded once the series falls
    more than ``delta`` below it, and looking for a minimum, recorded once the series
    rises more than ``delta`` above it. Each switch is precomputed for every possible
    start (:func:`_next_switch`), the chain of switches from index 0 is followed by
    pointer doubling, and each maximum is the first argmax of its search span.
    """
    m, n = values.shape
    delta = np.asarray(deltas, dtype=np.float64)[:, None]
    # peakdet tests ``v < mx - delta`` and ``v > mn + delta``; rounding is monotonic,
    # so comparing with every earlier ``v[k] -/+ delta`` gives the same answer.
    width = n + 1
    offset = np.arange(m)[:, None] * width
    falls = (_next_switch(values - delta, values) + offset).ravel()
    rises = (_next_switch(-(values + delta), -values) + offset).ravel()
    # Search spans start at 0 and at every rise that follows a fall: the orbit of 0
    # under ``rises[falls[.]]``, collected by doubling the steps taken.
    step = rises[falls]
    starts = offset.ravel()
    while len(reached := step[starts][step[starts] % width != n]):
        starts = np.concatenate([starts, reached])
        step = step[step]
    starts = np.sort(starts)  # distinct: each step moves strictly forward
    ends = falls[starts]
    complete = ends % width != n
    starts, ends = starts[complete], ends[complete]
    rows = starts // width
    peaks = _first_argmax(values.ravel(), starts - rows, ends - rows)
    return rows, peaks - rows * n


def _first_argmax(
    values: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """First index of the maximum of ``values[starts[i]:ends[i]]`` for each i.

    The spans are disjoint and in order.
    """
    if len(starts) == 0:
        return np.zeros(0, dtype=int)
    bounds = np.column_stack([starts, ends]).ravel()
    maxima = np.maximum.reduceat(values, bounds)[::2]
    segment = np.cumsum(np.bincount(bounds, minlength=len(values) + 1)[:-1]) - 1
    inside = segment % 2 == 0
    hits = np.flatnonzero(inside & (values == maxima[segment // 2]))
    spans = segment[hits]
    first = np.ones(len(hits), dtype=bool)
    first[1:] = spans[1:] != spans[:-1]  # hits are in order: keep each span's first
    return hits[first]


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
    rows, peaks = _peaks(series, thresholds)
    # Distances between consecutive maxima of the same feature, histogrammed per
    # feature over 1..max_beat_time frames (np.histogram's unit bins around integers).
    same = rows[1:] == rows[:-1]
    gaps, gap_rows = np.diff(peaks)[same], rows[1:][same]
    kept = gaps <= max_beat_time
    bins = max_beat_time + 1
    counts = np.bincount(
        gap_rows[kept] * bins + gaps[kept], minlength=len(series) * bins
    ).reshape(len(series), bins)[:, 1:]
    # Summed over the features in order, as the reference's ``hist_all +=`` does.
    hist_all = np.sum(counts.astype(float) / n_frames, axis=0)
    edges = np.arange(0.5, max_beat_time + 1.5)
    centres = (edges[0:-1] + edges[1::]) / 2.0
    best = np.argmax(hist_all)
    bpm = (SECONDS_PER_MINUTE / (centres * window_s))[best]
    ratio = hist_all[best] / (hist_all.sum() + MID_EPS)
    return bpm, ratio
