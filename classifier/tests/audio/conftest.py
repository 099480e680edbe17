"""Shared fixtures of the audio-core tests."""

import pytest

from classifier.tests.audio.reference import paa_modules


@pytest.fixture(scope="session")
def paa():
    """The reference: pyAudioAnalysis's ``MidTermFeatures``, ``ShortTermFeatures``."""
    return paa_modules()
