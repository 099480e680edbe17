"""Pure HTTP clients for preview providers (Spotify, Deezer, iTunes, a local folder).

No Django here: the providers take plain values and raise ``errors.ProviderError``s.
Import the concrete providers from their modules (``providers.deezer`` …); this package
re-exports only the light, shared names.
"""

from .base import Provider, TrackRef
from .chain import PreviewMatch, find_preview
from .download import download, host_allowed
from .errors import (
    DownloadError,
    DownloadFailed,
    DownloadRefused,
    DownloadTimeout,
    DownloadTooLarge,
    InvalidTrackId,
    NoPreview,
    PreviewExpired,
    ProviderError,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    TrackNotFound,
    UnknownProvider,
)
from .matching import MATCH_THRESHOLD, match_score

__all__ = [
    "MATCH_THRESHOLD",
    "DownloadError",
    "DownloadFailed",
    "DownloadRefused",
    "DownloadTimeout",
    "DownloadTooLarge",
    "InvalidTrackId",
    "NoPreview",
    "PreviewExpired",
    "PreviewMatch",
    "Provider",
    "ProviderError",
    "ProviderRateLimited",
    "ProviderTimeout",
    "ProviderUnavailable",
    "TrackNotFound",
    "TrackRef",
    "UnknownProvider",
    "download",
    "find_preview",
    "host_allowed",
    "match_score",
]
