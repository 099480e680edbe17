"""The iTunes Search API (no key): song search, lookup by id, AAC previews.

Apple allows about 20 calls a minute and answers 403 or 429 when throttling; a
client-side ``RateLimiter`` (shared by every process through Redis when configured)
keeps us under it.
"""

import logging
from typing import Any

import requests

from .base import TrackRef
from .download import DEFAULT_MAX_BYTES, download
from .errors import NoPreview, ProviderRateLimited, ProviderUnavailable, TrackNotFound
from .http import DEFAULT_TIMEOUT_S, get_json, make_session
from .ratelimit import RateLimiter, RateStore

logger = logging.getLogger(__name__)

NAME = "itunes"
API_URL = "https://itunes.apple.com"
ALLOWED_HOSTS = frozenset(
    {"audio-ssl.itunes.apple.com", "*.itunes.apple.com", "*.mzstatic.com"}
)
CALLS_PER_MINUTE = 20
#: A few back-to-back calls after a quiet spell (a search, then its lookup).
BURST = 3
THROTTLE_STATUSES = (403, 429)
THROTTLE_RETRY_AFTER_S = 60.0
MAX_LIMIT = 200


class ITunesProvider:
    """iTunes song search and previews.

    Parameters
    ----------
    session : requests.Session, optional
    api_url : str
    country : str
        Store front (two letters); previews and catalogue differ per country.
    timeout_s : float
    rate_limiter : RateLimiter, optional
        Defaults to 20 calls a minute (3 back to back) in ``rate_store``, waiting at
        most ``rate_max_wait_s`` (0: never sleep, refuse with ``ProviderRateLimited``).
    rate_store : RateStore, optional
        Shared bucket store (Redis) for the default limiter; private when None.
    rate_max_wait_s : float
    max_preview_bytes, download_timeout_s : int, float
    """

    name = NAME
    allowed_hosts = ALLOWED_HOSTS

    def __init__(
        self,
        *,
        session: requests.Session | None = None,
        api_url: str = API_URL,
        country: str = "US",
        timeout_s: float = DEFAULT_TIMEOUT_S,
        rate_limiter: RateLimiter | None = None,
        rate_store: RateStore | None = None,
        rate_max_wait_s: float = 0.0,
        max_preview_bytes: int = DEFAULT_MAX_BYTES,
        download_timeout_s: float = 20.0,
    ) -> None:
        self.session = session or make_session(provider=NAME)
        self.api_url = api_url.rstrip("/")
        self.country = country
        self.timeout_s = timeout_s
        self.rate_limiter = rate_limiter or RateLimiter(
            CALLS_PER_MINUTE,
            60.0,
            burst=BURST,
            max_wait_s=rate_max_wait_s,
            name=NAME,
            store=rate_store,
        )
        self.max_preview_bytes = max_preview_bytes
        self.download_timeout_s = download_timeout_s

    def search(self, query: str, *, limit: int = 10) -> list[TrackRef]:
        """Search songs (``GET /search?term=&media=music&entity=song&limit=``)."""
        query = query.strip()
        if not query:
            return []
        payload = self._get(
            "/search",
            {
                "term": query,
                "media": "music",
                "entity": "song",
                "limit": max(1, min(limit, MAX_LIMIT)),
                "country": self.country,
            },
        )
        return _songs(payload)[:limit]

    def search_track(
        self, *, artist: str, title: str, limit: int = 10
    ) -> list[TrackRef]:
        """Search by artist and title (one ``term``, as the API has no fields)."""
        return self.search(f"{artist} {title}", limit=limit)

    def resolve(self, track_id: str) -> TrackRef:
        """Look up one song (``GET /lookup?id=``) with its current preview URL."""
        if not str(track_id).isdigit():
            raise TrackNotFound(f"not an iTunes track id: {track_id!r}", provider=NAME)
        payload = self._get(
            "/lookup", {"id": track_id, "entity": "song", "country": self.country}
        )
        songs = [ref for ref in _songs(payload) if ref.id == str(track_id)]
        if not songs:
            raise TrackNotFound(f"itunes has no song {track_id}", provider=NAME)
        return songs[0]

    def fetch_preview(self, ref: TrackRef) -> bytes:
        """Download the AAC preview of ``ref`` (looked up first if it carries none)."""
        if not ref.preview_url:
            ref = self.resolve(ref.id)
        if not ref.preview_url:
            raise NoPreview(f"itunes has no preview for song {ref.id}", provider=NAME)
        return download(
            ref.preview_url,
            allowed_hosts=self.allowed_hosts,
            max_bytes=self.max_preview_bytes,
            timeout_s=self.download_timeout_s,
            session=self.session,
        )

    def _get(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        self.rate_limiter.acquire()
        try:
            payload = get_json(
                self.session,
                self.api_url + path,
                provider=NAME,
                params=params,
                timeout_s=self.timeout_s,
                throttle_statuses=THROTTLE_STATUSES,
                default_retry_after=THROTTLE_RETRY_AFTER_S,
            )
        except ProviderRateLimited as exc:
            self.rate_limiter.penalise(exc.retry_after or THROTTLE_RETRY_AFTER_S)
            raise
        if not isinstance(payload, dict) or not isinstance(
            payload.get("results", []), list
        ):
            raise ProviderUnavailable("itunes sent an unexpected body", provider=NAME)
        return payload


def _songs(payload: dict[str, Any]) -> list[TrackRef]:
    results = payload.get("results", [])
    return [
        _track_ref(item)
        for item in results
        if item.get("wrapperType") == "track" and item.get("kind") == "song"
    ]


def _track_ref(item: dict[str, Any]) -> TrackRef:
    """Build a ``TrackRef`` from an iTunes song result."""
    try:
        millis = item.get("trackTimeMillis")
        return TrackRef(
            provider=NAME,
            id=str(item["trackId"]),
            title=item["trackName"],
            artist=item.get("artistName", ""),
            album=item.get("collectionName"),
            artwork_url=item.get("artworkUrl100"),
            duration_s=millis / 1000 if millis else None,
            isrc=None,
            preview_url=item.get("previewUrl") or None,
        )
    except (KeyError, TypeError) as exc:
        raise ProviderUnavailable(
            "itunes sent a song without trackId or trackName", provider=NAME
        ) from exc
