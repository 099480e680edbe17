"""iTunes Search against recorded payloads served by ``responses``."""

import pytest
import requests
from responses import matchers

from classifier.providers.errors import (
    DownloadRefused,
    NoPreview,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    TrackNotFound,
)
from classifier.providers.itunes import ITunesProvider
from classifier.providers.ratelimit import RateLimiter

from .conftest import FakeClock, body, load, unlimited

SEARCH = "https://itunes.apple.com/search"
LOOKUP = "https://itunes.apple.com/lookup"
M4A = b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 1000


@pytest.fixture
def itunes():
    return ITunesProvider(rate_limiter=unlimited())


def test_search_keeps_songs_only(rsps, itunes):
    rsps.get(
        SEARCH,
        json=load("itunes_search.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "term": "daft punk",
                    "media": "music",
                    "entity": "song",
                    "limit": "5",
                    "country": "US",
                }
            )
        ],
    )
    refs = itunes.search("daft punk", limit=5)
    assert [ref.id for ref in refs] == ["617154366", "617154288"]
    assert refs[0].to_dict() == {
        "provider": "itunes",
        "id": "617154366",
        "title": "Get Lucky (feat. Pharrell Williams & Nile Rodgers)",
        "artist": "Daft Punk",
        "album": "Random Access Memories",
        "artwork_url": "https://is1-ssl.mzstatic.com/image/thumb/Music125/v4/"
        "e5/1b/6d/e51b6d0c-2f3a-4b5c-8d7e-9f0a1b2c3d4e/source/100x100bb.jpg",
        "duration_s": 369.629,
        "isrc": None,
        "preview_url": "https://audio-ssl.itunes.apple.com/itunes-assets/"
        "AudioPreview125/v4/3a/7f/2e/3a7f2e51-8c0d-4b1e-9f6a-2d5c8e7b1a40/"
        "mzaf_4815162342108153627.plus.aac.p.m4a",
    }


def test_search_empty(rsps, itunes):
    rsps.get(SEARCH, json=load("itunes_empty.json"))
    assert itunes.search("zzzxq") == []


def test_resolve(rsps, itunes):
    rsps.get(
        LOOKUP,
        json=load("itunes_lookup.json"),
        match=[matchers.query_param_matcher({"id": "617154366"}, strict_match=False)],
    )
    assert itunes.resolve("617154366").title.startswith("Get Lucky")


def test_resolve_unknown(rsps, itunes):
    rsps.get(LOOKUP, json=load("itunes_empty.json"))
    with pytest.raises(TrackNotFound, match="no song 1"):
        itunes.resolve("1")
    with pytest.raises(TrackNotFound, match="not an iTunes track id"):
        itunes.resolve("1;drop")
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    ("status", "headers", "retry_after"),
    [(403, {}, 60.0), (429, {"Retry-After": "30"}, 30.0)],
)
def test_throttling(rsps, status, headers, retry_after):
    clock = FakeClock()
    limiter = RateLimiter(20, 60.0, max_wait_s=10.0, clock=clock, sleep=clock.sleep)
    itunes = ITunesProvider(rate_limiter=limiter)
    rsps.get(SEARCH, status=status, headers=headers, body="")
    with pytest.raises(ProviderRateLimited, match=f"HTTP {status}") as info:
        itunes.search("daft punk")
    assert info.value.retry_after == retry_after
    # the limiter now holds every call back for that long, without asking Apple
    with pytest.raises(ProviderRateLimited, match="client-side") as info:
        itunes.search("daft punk")
    assert info.value.retry_after == pytest.approx(retry_after)
    assert len(rsps.calls) == 1


def test_client_side_limit_spaces_and_then_refuses(rsps):
    clock = FakeClock()
    # three calls at the same instant (the sleep is recorded, the clock stands still)
    limiter = RateLimiter(
        20, 60.0, max_wait_s=5.0, clock=clock, sleep=clock.slept.append
    )
    itunes = ITunesProvider(rate_limiter=limiter)
    rsps.get(SEARCH, json=load("itunes_search.json"))
    itunes.search("a")
    itunes.search("b")  # waits its 3 s slot
    with pytest.raises(ProviderRateLimited, match=r"next slot in 6\.0 s"):
        itunes.search("c")
    assert clock.slept == [3.0]
    assert len(rsps.calls) == 2


def test_5xx(rsps, itunes):
    rsps.get(SEARCH, status=502, body="Bad Gateway")
    with pytest.raises(ProviderUnavailable, match="HTTP 502"):
        itunes.search("daft punk")


def test_malformed_json(rsps, itunes):
    rsps.get(SEARCH, body=body("itunes_search.json")[:-40])
    with pytest.raises(ProviderUnavailable, match="not JSON"):
        itunes.search("daft punk")


def test_unexpected_shape(rsps, itunes):
    rsps.get(SEARCH, json={"resultCount": 1, "results": "nope"})
    with pytest.raises(ProviderUnavailable, match="unexpected body"):
        itunes.search("daft punk")


def test_timeout(rsps, itunes):
    rsps.get(SEARCH, body=requests.exceptions.ConnectTimeout())
    with pytest.raises(ProviderTimeout):
        itunes.search("daft punk")


def test_fetch_preview(rsps, itunes):
    song = load("itunes_lookup.json")["results"][0]
    rsps.get(song["previewUrl"], body=M4A)
    rsps.get(LOOKUP, json=load("itunes_lookup.json"))
    ref = itunes.resolve("617154366")
    assert itunes.fetch_preview(ref) == M4A


def test_fetch_preview_refuses_other_hosts(rsps, itunes):
    payload = load("itunes_lookup.json")
    payload["results"][0]["previewUrl"] = "https://audio.example.com/x.m4a"
    rsps.get(LOOKUP, json=payload)
    with pytest.raises(DownloadRefused, match=r"audio\.example\.com"):
        itunes.fetch_preview(itunes.resolve("617154366"))


def test_fetch_preview_without_preview(rsps, itunes):
    payload = load("itunes_lookup.json")
    del payload["results"][0]["previewUrl"]
    rsps.get(LOOKUP, json=payload)
    with pytest.raises(NoPreview):
        itunes.fetch_preview(itunes.resolve("617154366"))
