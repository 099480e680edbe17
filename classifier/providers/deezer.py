"""Deezer's public API (no key): search, track lookup, lookup by ISRC, previews.

Deezer answers errors with HTTP 200 and ``{"error": {"type", "message", "code"}}``:
code 4 is "Quota limit exceeded" (50 calls / 5 s), 800 is "no data". Newer preview
URLs are signed and expire (``...?hdnea=exp=<unix>~acl=...~hmac=...``), so we keep the
track id, re-resolve a link that is (nearly) expired, and re-resolve once more when the
CDN answers 403.
"""

import logging
import re
import time
from collections.abc import Callable
from typing import Any

import requests

from .base import TrackRef
from .download import DEFAULT_MAX_BYTES, download
from .errors import (
    DownloadFailed,
    NoPreview,
    PreviewExpired,
    ProviderRateLimited,
    ProviderUnavailable,
    TrackNotFound,
)
from .http import DEFAULT_TIMEOUT_S, get_json, make_session
from .ratelimit import RateLimiter, RateStore

logger = logging.getLogger(__name__)

NAME = "deezer"
API_URL = "https://api.deezer.com"
ALLOWED_HOSTS = frozenset({"*.dzcdn.net"})
QUOTA_ERROR_CODE = 4
NOT_FOUND_ERROR_CODE = 800
#: Deezer allows 50 calls per 5 s window; 10 may go back to back.
CALLS_PER_WINDOW = 50
WINDOW_S = 5.0
BURST = 10
QUOTA_RETRY_AFTER_S = WINDOW_S  # the quota is counted over 5 s windows
#: Re-resolve a signed link that expires sooner than this.
EXPIRY_MARGIN_S = 60.0
_EXPIRY = re.compile(r"(?:hdnea=|[~&?])exp=(\d+)")
_ISRC = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}\d{7}$")


def preview_expiry(url: str) -> float | None:
    """Unix time a signed Deezer preview URL stops working, or None if unsigned."""
    match = _EXPIRY.search(url)
    return float(match.group(1)) if match else None


class DeezerProvider:
    """Deezer search and previews.

    Parameters
    ----------
    session : requests.Session, optional
    api_url : str
    timeout_s : float
        Timeout of each API call.
    rate_limiter : RateLimiter, optional
        Defaults to 50 calls per 5 s (10 back to back) in ``rate_store``, waiting at
        most ``rate_max_wait_s`` (0: never sleep, refuse with ``ProviderRateLimited``).
    rate_store : RateStore, optional
        Shared bucket store (Redis) for the default limiter; private when None.
    rate_max_wait_s : float
    max_preview_bytes, download_timeout_s : int, float
        Caps of the preview download.
    wall_clock : callable
        Unix time, to judge signed links' expiry (injectable for tests).
    """

    name = NAME
    allowed_hosts = ALLOWED_HOSTS

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        api_url: str = API_URL,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        rate_limiter: RateLimiter | None = None,
        rate_store: RateStore | None = None,
        rate_max_wait_s: float = 0.0,
        max_preview_bytes: int = DEFAULT_MAX_BYTES,
        download_timeout_s: float = 20.0,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.session = session or make_session(provider=NAME)
        self.api_url = api_url.rstrip("/")
        self.timeout_s = timeout_s
        self.rate_limiter = rate_limiter or RateLimiter(
            CALLS_PER_WINDOW,
            WINDOW_S,
            burst=BURST,
            max_wait_s=rate_max_wait_s,
            name=NAME,
            store=rate_store,
        )
        self.max_preview_bytes = max_preview_bytes
        self.download_timeout_s = download_timeout_s
        self._wall_clock = wall_clock

    # -- API calls -----------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10) -> list[TrackRef]:
        """Search tracks (``GET /search?q=&limit=``), best first."""
        query = query.strip()
        if not query:
            return []
        payload = self._get("/search", {"q": query, "limit": limit}, empty_ok=True)
        return [_track_ref(item) for item in payload.get("data", [])[:limit]]

    def search_track(
        self, *, artist: str, title: str, limit: int = 10
    ) -> list[TrackRef]:
        """Search with Deezer's advanced syntax: ``artist:"..." track:"..."``."""
        query = f'artist:"{_quote(artist)}" track:"{_quote(title)}"'
        return self.search(query, limit=limit)

    def resolve(self, track_id: str) -> TrackRef:
        """Look up one track (``GET /track/<id>``) with a fresh preview URL."""
        if not str(track_id).isdigit():
            raise TrackNotFound(f"not a Deezer track id: {track_id!r}", provider=NAME)
        return _track_ref(self._get(f"/track/{track_id}"))

    def by_isrc(self, isrc: str) -> TrackRef:
        """Look up a track by ISRC (``GET /track/isrc:<ISRC>``)."""
        isrc = isrc.strip().upper().replace("-", "")
        if not _ISRC.match(isrc):
            raise TrackNotFound(f"not an ISRC: {isrc!r}", provider=NAME)
        return _track_ref(self._get(f"/track/isrc:{isrc}"))

    # -- previews ------------------------------------------------------------------
    def fetch_preview(self, ref: TrackRef) -> bytes:
        """Download the preview of ``ref``, re-resolving links that expired.

        Raises
        ------
        NoPreview
            Deezer has no preview for the track.
        PreviewExpired
            The CDN refused the link (403/410) even after re-resolving once.
        """
        if ref.preview_url is None or self._expires_soon(ref.preview_url):
            ref = self.resolve(ref.id)
        url = _require_preview(ref)
        try:
            return self._download(url)
        except DownloadFailed as exc:
            if exc.status not in (403, 410):
                raise
            logger.info(
                "deezer preview of %s refused (%s), re-resolving", ref.id, exc.status
            )
        url = _require_preview(self.resolve(ref.id))
        try:
            return self._download(url)
        except DownloadFailed as exc:
            if exc.status not in (403, 410):
                raise
            raise PreviewExpired(
                f"deezer preview of track {ref.id} still refused (HTTP {exc.status}) "
                "after re-resolving its link",
                status=exc.status,
                provider=NAME,
            ) from exc

    def _download(self, url: str) -> bytes:
        return download(
            url,
            allowed_hosts=self.allowed_hosts,
            max_bytes=self.max_preview_bytes,
            timeout_s=self.download_timeout_s,
            session=self.session,
        )

    def _expires_soon(self, url: str) -> bool:
        expiry = preview_expiry(url)
        return expiry is not None and expiry - self._wall_clock() < EXPIRY_MARGIN_S

    def _get(
        self, path: str, params: dict[str, Any] | None = None, *, empty_ok: bool = False
    ) -> dict[str, Any]:
        self.rate_limiter.acquire()
        payload = get_json(
            self.session,
            self.api_url + path,
            provider=NAME,
            params=params,
            timeout_s=self.timeout_s,
        )
        if not isinstance(payload, dict):
            raise ProviderUnavailable("deezer sent an unexpected body", provider=NAME)
        error = payload.get("error")
        if error:
            if empty_ok and _error_code(error) == NOT_FOUND_ERROR_CODE:
                return {"data": []}
            self._raise_for_error(error, path)
        return payload

    def _raise_for_error(self, error: Any, path: str) -> None:
        code = _error_code(error)
        message = error.get("message", "") if isinstance(error, dict) else str(error)
        if code == QUOTA_ERROR_CODE:
            self.rate_limiter.penalise(QUOTA_RETRY_AFTER_S)
            raise ProviderRateLimited(
                f"deezer quota exceeded: {message}",
                retry_after=QUOTA_RETRY_AFTER_S,
                provider=NAME,
            )
        if code == NOT_FOUND_ERROR_CODE:
            raise TrackNotFound(f"deezer has no data for {path}", provider=NAME)
        raise ProviderUnavailable(f"deezer error {code}: {message}", provider=NAME)


def _error_code(error: Any) -> int | None:
    try:
        return int(error.get("code"))
    except (AttributeError, TypeError, ValueError):
        return None


def _quote(text: str) -> str:
    return text.replace('"', " ").strip()


def _require_preview(ref: TrackRef) -> str:
    if not ref.preview_url:
        raise NoPreview(f"deezer has no preview for track {ref.id}", provider=NAME)
    return ref.preview_url


def _track_ref(item: dict[str, Any]) -> TrackRef:
    """Build a ``TrackRef`` from a Deezer track object."""
    try:
        album = item.get("album") or {}
        duration = item.get("duration")
        return TrackRef(
            provider=NAME,
            id=str(item["id"]),
            title=item["title"],
            artist=(item.get("artist") or {}).get("name", ""),
            album=album.get("title"),
            artwork_url=album.get("cover_medium") or album.get("cover_big"),
            duration_s=float(duration) if duration else None,
            isrc=item.get("isrc") or None,
            preview_url=item.get("preview") or None,
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProviderUnavailable(
            "deezer sent a track without id or title", provider=NAME
        ) from exc
