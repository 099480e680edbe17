"""Mid-term statistics: mean and standard deviation of short-term features per window.

Equals the loop of ``MidTermFeatures.mid_feature_extraction`` in pyAudioAnalysis 0.3.14:
windows of ``window_ratio`` frames start every ``step_ratio`` frames while the start is
inside the signal, so the last window may be partial.
"""

import numpy as np


def window_ratios(
    *, mid_window: int, mid_step: int, short_window: int, short_step: int
) -> tuple[int, int]:
    """Mid-term window and step in short-term frames, as pyAudioAnalysis rounds them.

    Parameters
    ----------
    mid_window, mid_step, short_window, short_step : int
        In samples.

    Returns
    -------
    window_ratio, step_ratio : int
    """
    window_ratio = round((mid_window - (short_window - short_step)) / short_step)
    step_ratio = round(mid_step / short_step)
    return window_ratio, step_ratio


def mid_term_features(
    short_features: np.ndarray, *, window_ratio: int, step_ratio: int
) -> np.ndarray:
    """Mean and population standard deviation of every row over each window.

    Parameters
    ----------
    short_features : np.ndarray [shape=(n_feats, n_frames)]
    window_ratio, step_ratio : int
        Window length and step, in frames.

    Returns
    -------
    np.ndarray [shape=(2 * n_feats, n_windows)]
        The means, then the standard deviations (``ddof=0``), with NaN/inf replaced as
        ``np.nan_to_num`` does; ``n_windows = ceil(n_frames / step_ratio)``.
    """
    n_feats, n_frames = short_features.shape
    starts = np.arange(0, n_frames, step_ratio)
    stats = np.empty((2 * n_feats, len(starts)))
    # Windows that tile the frames exactly reduce as one contiguous (..., window) view,
    # which NumPy sums pairwise just like each 1-D slice of the reference.
    n_tiled = 0
    if step_ratio == window_ratio:
        n_tiled = min(len(starts), n_frames // window_ratio)
        tiled = short_features[:, : n_tiled * window_ratio].reshape(
            n_feats, n_tiled, window_ratio
        )
        stats[:n_feats, :n_tiled] = np.mean(tiled, axis=2)
        stats[n_feats:, :n_tiled] = np.std(tiled, axis=2)
    for index in range(n_tiled, len(starts)):
        start = starts[index]
        chunk = short_features[:, start : min(start + window_ratio, n_frames)]
        stats[:n_feats, index] = np.mean(chunk, axis=1)
        stats[n_feats:, index] = np.std(chunk, axis=1)
    return np.nan_to_num(stats)
