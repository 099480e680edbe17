"""The providers' own errors; one handler in ``audiofiler/`` maps each to a status.

Suggested mapping (the Django layer owns it):

=======================  ======  =========================================
error                    status  when
=======================  ======  =========================================
``ProviderUnavailable``  502     5xx, connection failure, malformed JSON
``ProviderTimeout``      504     the provider did not answer in time
``ProviderRateLimited``  503     429 / quota / throttling (+ Retry-After)
``TrackNotFound``        404     unknown or invalid track id
``NoPreview``            422     no preview, or none that matches closely
``DownloadRefused``      502     host not allowed, redirect off the list
``DownloadTooLarge``     413     body past the size cap
``DownloadTimeout``      504     body not complete within the time cap
=======================  ======  =========================================
"""


class ProviderError(Exception):
    """Base class of every error the providers package raises.

    Parameters
    ----------
    message : str
    provider : str, optional
        Name of the provider involved (``"deezer"``, ``"itunes"`` …), if any.
    """

    def __init__(self, message: str, *, provider: str | None = None) -> None:
        super().__init__(message)
        self.provider = provider


class ProviderUnavailable(ProviderError):
    """The provider answered 5xx, could not be reached, or sent unreadable data."""


class ProviderTimeout(ProviderError):
    """The provider did not answer within the timeout."""


class BudgetExhausted(ProviderTimeout):
    """The request's time budget (see ``budget``) ran out before the call finished."""


class ProviderRateLimited(ProviderError):
    """The provider (or our own client-side limiter) asks us to slow down.

    Parameters
    ----------
    retry_after : float or None
        Seconds to wait before trying again, when known.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        provider: str | None = None,
    ) -> None:
        super().__init__(message, provider=provider)
        self.retry_after = retry_after


class TrackNotFound(ProviderError):
    """The provider has no track with this id (or the id is not a valid id)."""


class InvalidTrackId(TrackNotFound):
    """The id is malformed or points outside the library (e.g. path traversal)."""


class NoPreview(ProviderError):
    """The track has no preview, or no preview matched it closely enough."""


class DownloadError(ProviderError):
    """Base class of the safe downloader's errors."""


class DownloadRefused(DownloadError):
    """The URL (or a redirect hop) is not https or not on the allowed host list."""


class DownloadTooLarge(DownloadError):
    """The body is larger than the size cap."""

    def __init__(
        self, message: str, *, max_bytes: int, provider: str | None = None
    ) -> None:
        super().__init__(message, provider=provider)
        self.max_bytes = max_bytes


class DownloadTimeout(DownloadError, ProviderTimeout):
    """The body did not arrive completely within the total time cap."""


class DownloadFailed(DownloadError, ProviderUnavailable):
    """The preview host answered an error status or the connection broke.

    Parameters
    ----------
    status : int or None
        The HTTP status, or None when the connection failed.
    """

    def __init__(
        self, message: str, *, status: int | None = None, provider: str | None = None
    ) -> None:
        super().__init__(message, provider=provider)
        self.status = status


class PreviewExpired(DownloadFailed):
    """A signed preview link was still refused after re-resolving it once."""


class UnknownProvider(ProviderError):
    """No provider is registered under this name."""
