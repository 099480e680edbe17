"""Spotify's Web API through spotipy (client-credentials flow).

``preview_url`` is null for most apps since 2024-11-27, so ``fetch_preview`` falls back
to Deezer (by ISRC, then artist + title) and iTunes via ``chain.find_preview``.
"""

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import requests
import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyClientCredentials

from .base import TrackRef
from .chain import PreviewMatch, find_preview
from .deezer import DeezerProvider
from .download import DEFAULT_MAX_BYTES, download
from .errors import (
    InvalidTrackId,
    NoPreview,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    TrackNotFound,
)
from .http import DEFAULT_TIMEOUT_S, make_session, parse_retry_after
from .itunes import ITunesProvider
from .matching import MATCH_THRESHOLD

logger = logging.getLogger(__name__)

NAME = "spotify"
ALLOWED_HOSTS = frozenset({"p.scdn.co"})
MAX_LIMIT = 50
_TRACK_ID = re.compile(r"^[0-9A-Za-z]{22}$")
T = TypeVar("T")


class SpotifyProvider:
    """Spotify search and track lookup, with previews found elsewhere when null.

    Parameters
    ----------
    client_id, client_secret : str
        App credentials (client-credentials flow; no user login).
    session : requests.Session, optional
        Used by spotipy for the token and the API calls (retries: none).
    timeout_s : float
    market : str, optional
        Two-letter market for search and lookup.
    deezer, itunes : optional
        Fallback preview providers; without them a null ``preview_url`` is
        ``NoPreview``.
    match_threshold : float
    max_preview_bytes, download_timeout_s : int, float
    """

    name = NAME
    allowed_hosts = ALLOWED_HOSTS

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        session: requests.Session | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        market: str | None = None,
        deezer: DeezerProvider | None = None,
        itunes: ITunesProvider | None = None,
        match_threshold: float = MATCH_THRESHOLD,
        max_preview_bytes: int = DEFAULT_MAX_BYTES,
        download_timeout_s: float = 20.0,
    ) -> None:
        self.session = session or make_session(provider=NAME)
        self.market = market
        self.deezer = deezer
        self.itunes = itunes
        self.match_threshold = match_threshold
        self.max_preview_bytes = max_preview_bytes
        self.download_timeout_s = download_timeout_s
        auth = SpotifyClientCredentials(
            client_id=client_id,
            client_secret=client_secret,
            requests_session=self.session,
            requests_timeout=timeout_s,
            cache_handler=MemoryCacheHandler(),
        )
        # Passing our own session keeps spotipy's urllib3 Retry (which turns an
        # exhausted 5xx into a bare 429) out of the way: one request, one answer.
        self.client = spotipy.Spotify(
            auth_manager=auth,
            requests_session=self.session,
            requests_timeout=timeout_s,
            retries=0,
            status_retries=0,
        )

    def search(self, query: str, *, limit: int = 10) -> list[TrackRef]:
        """Search tracks (``GET /v1/search?type=track``)."""
        query = query.strip()
        if not query:
            return []
        limit = max(1, min(limit, MAX_LIMIT))
        payload = self._call(
            self.client.search, q=query, type="track", limit=limit, market=self.market
        )
        items = (payload.get("tracks") or {}).get("items") or []
        return [_track_ref(item) for item in items if item]

    def resolve(self, track_id: str) -> TrackRef:
        """Look up one track (``GET /v1/tracks/<id>``); ``preview_url`` may be None."""
        if not _TRACK_ID.match(track_id or ""):
            raise InvalidTrackId(f"not a Spotify track id: {track_id!r}", provider=NAME)
        return _track_ref(self._call(self.client.track, track_id, market=self.market))

    def locate_preview(self, ref: TrackRef) -> PreviewMatch:
        """Where ``ref``'s preview comes from: its own URL, or Deezer/iTunes."""
        if ref.preview_url:
            return PreviewMatch(ref, 1.0, "direct")
        if self.deezer is None and self.itunes is None:
            raise NoPreview(f"spotify has no preview for track {ref.id}", provider=NAME)
        return find_preview(
            ref, deezer=self.deezer, itunes=self.itunes, threshold=self.match_threshold
        )

    def fetch_preview(self, ref: TrackRef) -> bytes:
        """Download ``ref``'s preview, from Spotify or the matched fallback track."""
        match = self.locate_preview(ref)
        found = match.ref
        if found.provider == NAME:
            return download(
                _require(found.preview_url, found),
                allowed_hosts=self.allowed_hosts,
                max_bytes=self.max_preview_bytes,
                timeout_s=self.download_timeout_s,
                session=self.session,
            )
        fallback = self.deezer if found.provider == "deezer" else self.itunes
        assert fallback is not None  # find_preview only returns tracks it was given
        return fallback.fetch_preview(found)

    def _call(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call spotipy and turn its exceptions into ours."""
        try:
            result = method(*args, **kwargs)
        except spotipy.SpotifyException as exc:
            raise _mapped(exc) from exc
        except spotipy.SpotifyOauthError as exc:
            raise ProviderUnavailable(
                f"spotify refused the app credentials: {exc.error}", provider=NAME
            ) from exc
        except requests.Timeout as exc:
            raise ProviderTimeout(
                "spotify did not answer in time", provider=NAME
            ) from exc
        except requests.RequestException as exc:
            raise ProviderUnavailable(
                f"spotify could not be reached: {exc.__class__.__name__}", provider=NAME
            ) from exc
        except ValueError as exc:  # a token endpoint body that is not JSON
            raise ProviderUnavailable(
                "spotify sent a body that is not JSON", provider=NAME
            ) from exc
        if not isinstance(result, dict):  # spotipy returns None for non-JSON bodies
            raise ProviderUnavailable(
                "spotify sent a body that is not JSON", provider=NAME
            )
        return result


def _mapped(exc: spotipy.SpotifyException) -> Exception:
    status = exc.http_status
    if status == 429:
        retry_after = parse_retry_after((exc.headers or {}).get("Retry-After"))
        return ProviderRateLimited(
            "spotify is rate limiting requests", retry_after=retry_after, provider=NAME
        )
    if status == 404 or (status == 400 and "invalid" in str(exc.msg).lower()):
        return TrackNotFound("spotify has no such track", provider=NAME)
    return ProviderUnavailable(f"spotify answered HTTP {status}", provider=NAME)


def _require(url: str | None, ref: TrackRef) -> str:
    if not url:
        raise NoPreview(f"no preview for {ref.provider} track {ref.id}", provider=NAME)
    return url


def _track_ref(item: dict[str, Any]) -> TrackRef:
    """Build a ``TrackRef`` from a Spotify track object."""
    try:
        album = item.get("album") or {}
        images = album.get("images") or []
        duration_ms = item.get("duration_ms")
        return TrackRef(
            provider=NAME,
            id=item["id"],
            title=item["name"],
            artist=", ".join(a["name"] for a in item.get("artists") or []),
            album=album.get("name"),
            artwork_url=images[0]["url"] if images else None,
            duration_s=duration_ms / 1000 if duration_ms else None,
            isrc=(item.get("external_ids") or {}).get("isrc"),
            preview_url=item.get("preview_url") or None,
        )
    except (KeyError, TypeError) as exc:
        raise ProviderUnavailable(
            "spotify sent a track without id or name", provider=NAME
        ) from exc
