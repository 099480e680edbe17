"""Shared fixtures of the audio-core tests."""

import warnings

import numpy as np
import pytest


@pytest.fixture(scope="session")
def paa():
    """pyAudioAnalysis's ``MidTermFeatures`` and ``ShortTermFeatures``, importable.

    Its ``utilities.peakdet`` still uses ``numpy.NaN``/``numpy.Inf``, which NumPy 2
    removed: the aliases are restored for the reference only (never in
    ``classifier.audio``).
    """
    np.NaN, np.Inf = np.nan, np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydub warns that no ffmpeg is on PATH
        from pyAudioAnalysis import MidTermFeatures, ShortTermFeatures
    return MidTermFeatures, ShortTermFeatures
