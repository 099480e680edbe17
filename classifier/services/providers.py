"""The configured preview providers, built once per process from the settings."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from classifier.providers.base import Provider
from classifier.providers.errors import UnknownProvider
from classifier.providers.ratelimit import RateStore, RedisStore


def library_root() -> Path:
    """The user's music folder, or the demo catalogue when none is configured."""
    if settings.AUDIOFILER_LIBRARY:
        return Path(settings.AUDIOFILER_LIBRARY)
    return Path(settings.AUDIOFILER_DEMO_DIR)


def rate_store_get() -> RateStore | None:
    """Redis when ``REDIS_URL`` is set: every process shares each provider's limit."""
    if not settings.REDIS_URL:
        return None
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
        **settings.REDIS_CLIENT_OPTIONS,
    )
    return RedisStore(client)


@lru_cache(maxsize=1)
def providers_get() -> dict[str, Provider]:
    """Local always; Deezer, iTunes and Spotify when their settings exist."""
    from classifier.providers.local import LocalLibraryProvider

    max_bytes = settings.AUDIOFILER_MAX_UPLOAD_BYTES
    # The caps every remote provider's calls and preview downloads share.
    remote = {
        "timeout_s": settings.AUDIOFILER_PROVIDER_TIMEOUT_S,
        "max_preview_bytes": max_bytes,
        "download_timeout_s": settings.AUDIOFILER_DOWNLOAD_TIMEOUT_S,
    }
    # A request never sleeps for a slot: past the limit it answers 503 + Retry-After.
    limits = {"rate_store": rate_store_get(), "rate_max_wait_s": 0.0}
    providers: dict[str, Provider] = {
        "local": LocalLibraryProvider(library_root(), max_bytes=max_bytes)
    }
    deezer = itunes = None
    if settings.AUDIOFILER_DEEZER or settings.SPOTIFY_CLIENT_ID:
        from classifier.providers.deezer import DeezerProvider

        deezer = DeezerProvider(
            api_url=settings.AUDIOFILER_DEEZER_API_URL, **remote, **limits
        )
        if settings.AUDIOFILER_DEEZER:
            providers["deezer"] = deezer
    if settings.AUDIOFILER_ITUNES or settings.SPOTIFY_CLIENT_ID:
        from classifier.providers.itunes import ITunesProvider

        itunes = ITunesProvider(
            api_url=settings.AUDIOFILER_ITUNES_API_URL, **remote, **limits
        )
        if settings.AUDIOFILER_ITUNES:
            providers["itunes"] = itunes
    if settings.SPOTIFY_CLIENT_ID and settings.SPOTIFY_CLIENT_SECRET:
        from classifier.providers.spotify import SpotifyProvider

        providers["spotify"] = SpotifyProvider(
            client_id=settings.SPOTIFY_CLIENT_ID,
            client_secret=settings.SPOTIFY_CLIENT_SECRET,
            deezer=deezer,
            itunes=itunes,
            **remote,
        )
    return providers


def provider_get(name: str) -> Provider:
    try:
        return providers_get()[name]
    except KeyError:
        raise UnknownProvider(
            f"Unknown provider {name!r}; configured: {', '.join(providers_get())}."
        ) from None
