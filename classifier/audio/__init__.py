"""The pure audio core: bytes -> mono PCM -> pyAudioAnalysis's feature vector.

Nothing here imports Django; errors are the :mod:`.errors` classes.
"""

from .decode import decode_audio
from .errors import (
    AudioChannelsError,
    AudioDecodeError,
    AudioEncodeError,
    AudioError,
    AudioFormatError,
    AudioNoStreamError,
    AudioSampleRateError,
    AudioTooLongError,
    AudioTooShortError,
    NotAudioError,
)
from .features import Features, extract_features
from .names import ANALYSIS_RATE, EXTRACTOR_VERSION, FEATURE_NAMES, WINDOW_FEATURE_NAMES

__all__ = [
    "ANALYSIS_RATE",
    "EXTRACTOR_VERSION",
    "FEATURE_NAMES",
    "WINDOW_FEATURE_NAMES",
    "AudioChannelsError",
    "AudioDecodeError",
    "AudioEncodeError",
    "AudioError",
    "AudioFormatError",
    "AudioNoStreamError",
    "AudioSampleRateError",
    "AudioTooLongError",
    "AudioTooShortError",
    "Features",
    "NotAudioError",
    "decode_audio",
    "extract_features",
]
