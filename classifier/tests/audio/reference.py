"""pyAudioAnalysis 0.3.14 as the reference: the numbers our extractor must equal.

One place for the call ``directory_feature_extraction`` makes with the genre models'
settings, shared by the tests, the reference-writing script and the benchmarks. The
product never imports this module or pyAudioAnalysis.
"""

import warnings
from types import ModuleType

import numpy as np

from classifier.audio.names import (
    MID_STEP_S,
    MID_WINDOW_S,
    SHORT_STEP_S,
    SHORT_WINDOW_S,
)


def paa_modules() -> tuple[ModuleType, ModuleType]:
    """pyAudioAnalysis's ``MidTermFeatures`` and ``ShortTermFeatures``, importable.

    Its ``utilities.peakdet`` still uses ``numpy.NaN``/``numpy.Inf``, which NumPy 2
    removed: the two aliases are restored here, for the reference only.
    """
    np.NaN, np.Inf = np.nan, np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydub warns that no ffmpeg is on PATH
        from pyAudioAnalysis import MidTermFeatures, ShortTermFeatures
    return MidTermFeatures, ShortTermFeatures


def paa_mid_term(signal: np.ndarray, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """pyAudioAnalysis's mid-term matrix [shape=(136, n_windows)] and short-term
    features [shape=(68, n_frames)] of ``signal``, with the genre models' settings."""
    mid_term, _ = paa_modules()
    mid, short, _ = mid_term.mid_feature_extraction(
        signal,
        sample_rate,
        round(MID_WINDOW_S * sample_rate),
        round(MID_STEP_S * sample_rate),
        round(SHORT_WINDOW_S * sample_rate),
        round(SHORT_STEP_S * sample_rate),
    )
    return mid, short


def paa_features(signal: np.ndarray, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """The 138-value vector as ``directory_feature_extraction`` builds it (window
    means, then bpm and ratio), and the per-window matrix [shape=(n_windows, 136)]."""
    mid_term, _ = paa_modules()
    mid, short = paa_mid_term(signal, sample_rate)
    bpm, ratio = mid_term.beat_extraction(short, SHORT_STEP_S)
    return np.append(mid.T.mean(axis=0), [bpm, ratio]), mid.T
