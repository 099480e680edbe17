"""The clip's feature vector and per-window matrix (pyAudioAnalysis 0.3.14's numbers).

:func:`extract_features` equals what ``MidTermFeatures.directory_feature_extraction``
computes for one file with the bundled genre models' settings (1 s mid-term windows and
steps, 50 ms short-term windows and steps)::

    mid, short, _ = mid_feature_extraction(signal, fs, round(1.0 * fs), round(1.0 * fs),
                                           round(0.05 * fs), round(0.05 * fs))
    vector = append(mid.T.mean(axis=0), beat_extraction(short, 0.05))
"""

from dataclasses import dataclass

import numpy as np

from . import runner
from .beat import beat_extraction
from .errors import AudioSampleRateError, AudioTooShortError
from .filters import chroma_map
from .mid_term import mid_term_features, window_ratios
from .names import (
    FEATURE_NAMES,
    MID_STEP_S,
    MID_WINDOW_S,
    SHORT_STEP_S,
    SHORT_WINDOW_S,
    WINDOW_FEATURE_NAMES,
)
from .short_term import short_term_features


@dataclass(frozen=True)
class Features:
    """Features of one clip.

    Attributes
    ----------
    vector : np.ndarray [shape=(138,), dtype=float64]
        Window values averaged over windows, then ``bpm`` and ``ratio``, in
        ``FEATURE_NAMES`` order.
    windows : np.ndarray [shape=(n_windows, 136), dtype=float64]
        One row per mid-term window, in ``WINDOW_FEATURE_NAMES`` order (the genre
        timeline classifies these rows).
    window_starts_s : np.ndarray [shape=(n_windows,)]
        Start of each window, in seconds.
    window_duration_s : float
        Nominal length of a window, in seconds (the last one may be shorter).
    duration_s : float
        Length of the signal, in seconds.
    sample_rate : int
    short_term : np.ndarray [shape=(68, n_frames)], optional
        The short-term features of every 50 ms frame, then their deltas, in
        ``SHORT_TERM_DELTA_NAMES`` order (the feature pictures draw its MFCCs).
    """

    vector: np.ndarray
    windows: np.ndarray
    window_starts_s: np.ndarray
    window_duration_s: float
    duration_s: float
    sample_rate: int
    names: tuple[str, ...] = FEATURE_NAMES
    window_names: tuple[str, ...] = WINDOW_FEATURE_NAMES
    short_term: np.ndarray | None = None


def extract_features(
    signal: np.ndarray, sample_rate: int, *, threads: int | None = None
) -> Features:
    """Compute the 138-value feature vector and the per-window matrix of a clip.

    Parameters
    ----------
    signal : np.ndarray [shape=(n,)]
        Mono samples on the int16 scale (±32768), as :func:`~.decode.decode_audio`
        returns them.
    sample_rate : int
        In Hz.
    threads : int, optional
        Use at most this many threads (never more than
        :func:`~.runner.extract_threads`, the default). The values do not depend on it.

    Returns
    -------
    Features

    Raises
    ------
    AudioTooShortError
        The signal is shorter than one 50 ms frame (pyAudioAnalysis fails there).
    AudioSampleRateError
        The rate is too low for pyAudioAnalysis's chroma table (below ~4 kHz).
    ValueError
        The signal is not 1-D or holds NaN or infinite samples, or
        ``AUDIOFILER_EXTRACT_THREADS`` is not a whole number >= 1.
    """
    signal = np.asarray(signal, dtype=np.float64)
    if signal.ndim != 1:
        raise ValueError(f"expected a mono signal of shape (n,), got {signal.shape}")
    short_window = round(SHORT_WINDOW_S * sample_rate)
    short_step = round(SHORT_STEP_S * sample_rate)
    mid_window = round(MID_WINDOW_S * sample_rate)
    mid_step = round(MID_STEP_S * sample_rate)
    if len(signal) < short_window:
        raise AudioTooShortError(
            f"the clip lasts {len(signal) / sample_rate * 1000:.1f} ms; "
            f"features need at least one {SHORT_WINDOW_S * 1000:.0f} ms frame"
        )
    try:
        chroma_map(sample_rate, short_window // 2)
    except ValueError as error:
        raise AudioSampleRateError(f"{sample_rate} Hz is too low: {error}") from error
    parts = runner.extract_threads()
    if threads is not None:
        parts = max(1, min(parts, threads))
    short = short_term_features(
        signal,
        sample_rate,
        window=short_window,
        step=short_step,
        parts=parts,
        pool=runner.thread_pool() if parts > 1 else None,
    )
    window_ratio, step_ratio = window_ratios(
        mid_window=mid_window,
        mid_step=mid_step,
        short_window=short_window,
        short_step=short_step,
    )
    mid = mid_term_features(short, window_ratio=window_ratio, step_ratio=step_ratio)
    bpm, ratio = beat_extraction(short, SHORT_STEP_S)
    # ``mid.T.mean(axis=0)`` exactly as the reference writes it: NumPy then sums each
    # feature's windows pairwise, which a C-ordered (n_windows, 136) matrix would not.
    vector = np.append(mid.T.mean(axis=0), [bpm, ratio])
    starts = np.arange(mid.shape[1]) * step_ratio * short_step / sample_rate
    return Features(
        vector=_read_only(vector),
        windows=_read_only(np.ascontiguousarray(mid.T)),
        window_starts_s=_read_only(starts),
        window_duration_s=window_ratio * short_step / sample_rate,
        duration_s=len(signal) / sample_rate,
        sample_rate=sample_rate,
        short_term=_read_only(short),
    )


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
