"""Spotify through spotipy itself, with ``responses`` answering at the transport layer.

Also the null-preview fallback chain: Deezer by ISRC, then Deezer/iTunes by artist +
title with a match threshold.
"""

import base64

import pytest
import requests
from responses import matchers

from classifier.providers.chain import find_preview
from classifier.providers.deezer import DeezerProvider
from classifier.providers.errors import (
    InvalidTrackId,
    NoPreview,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    TrackNotFound,
)
from classifier.providers.itunes import ITunesProvider
from classifier.providers.spotify import SpotifyProvider

from .conftest import load, unlimited

TOKEN_URL = "https://accounts.spotify.com/api/token"
API = "https://api.spotify.com/v1"
TRACK_ID = "69kOkLUCkxIZYexIgSG8rq"
DEEZER = "https://api.deezer.com"
ITUNES = "https://itunes.apple.com"
MP3 = b"ID3\x04" + b"\xff\xfb" * 300
M4A = b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 300


@pytest.fixture
def token(rsps):
    return rsps.post(TOKEN_URL, json=load("spotify_token.json"))


@pytest.fixture
def deezer():
    return DeezerProvider(rate_limiter=unlimited(), wall_clock=lambda: 1767225600 - 60)


@pytest.fixture
def itunes():
    return ITunesProvider(rate_limiter=unlimited())


@pytest.fixture
def spotify(deezer, itunes):
    return SpotifyProvider("my-client-id", "my-secret", deezer=deezer, itunes=itunes)


def test_search_runs_the_client_credentials_flow(rsps, token, spotify):
    search = rsps.get(
        f"{API}/search",
        json=load("spotify_search.json"),
        match=[
            matchers.query_param_matcher(
                {"q": "daft punk", "type": "track", "limit": "2", "offset": "0"}
            )
        ],
    )
    refs = spotify.search("daft punk", limit=2)
    basic = base64.b64encode(b"my-client-id:my-secret").decode()
    assert token.calls[0].request.headers["Authorization"] == f"Basic {basic}"
    assert "grant_type=client_credentials" in token.calls[0].request.body
    assert search.calls[0].request.headers["Authorization"] == (
        "Bearer " + load("spotify_token.json")["access_token"]
    )
    assert refs[0].to_dict() == {
        "provider": "spotify",
        "id": TRACK_ID,
        "title": "Get Lucky (feat. Pharrell Williams and Nile Rodgers)",
        "artist": "Daft Punk, Pharrell Williams, Nile Rodgers",
        "album": "Random Access Memories",
        "artwork_url": "https://i.scdn.co/image/ab67616d0000b2739b9b36b0e22870b9f542d937",
        "duration_s": 369.626,
        "isrc": "USQX91300108",
        "preview_url": None,
    }
    assert refs[1].preview_url.startswith("https://p.scdn.co/mp3-preview/")


def test_the_token_is_fetched_once(rsps, token, spotify):
    rsps.get(f"{API}/search", json=load("spotify_search_empty.json"))
    assert spotify.search("zzzxq") == []
    assert spotify.search("zzzxq again") == []
    assert len(token.calls) == 1


def test_resolve(rsps, token, spotify):
    rsps.get(f"{API}/tracks/{TRACK_ID}", json=load("spotify_track.json"))
    ref = spotify.resolve(TRACK_ID)
    assert (ref.isrc, ref.preview_url) == ("USQX91300108", None)


@pytest.mark.parametrize("bad", ["", "short", "../../../etc/passwd", "x" * 23])
def test_invalid_ids_never_reach_spotify(rsps, spotify, bad):
    with pytest.raises(InvalidTrackId):
        spotify.resolve(bad)
    assert len(rsps.calls) == 0


@pytest.mark.parametrize(
    ("status", "fixture"),
    [(404, "spotify_error_404.json"), (400, "spotify_error_400_invalid_id.json")],
)
def test_not_found(rsps, token, spotify, status, fixture):
    rsps.get(f"{API}/tracks/{TRACK_ID}", status=status, json=load(fixture))
    with pytest.raises(TrackNotFound):
        spotify.resolve(TRACK_ID)


def test_429_with_retry_after(rsps, token, spotify):
    api = rsps.get(
        f"{API}/search",
        status=429,
        json=load("spotify_error_429.json"),
        headers={"Retry-After": "7"},
    )
    with pytest.raises(ProviderRateLimited) as info:
        spotify.search("daft punk")
    assert info.value.retry_after == 7.0
    assert len(api.calls) == 1  # spotipy did not retry on its own


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_unavailable_and_not_retried(rsps, token, spotify, status):
    api = rsps.get(f"{API}/search", status=status, body="upstream error")
    with pytest.raises(ProviderUnavailable, match=f"HTTP {status}"):
        spotify.search("daft punk")
    assert len(api.calls) == 1


def test_malformed_json(rsps, token, spotify):
    rsps.get(f"{API}/search", body='{"tracks": {"items": [')
    with pytest.raises(ProviderUnavailable, match="not JSON"):
        spotify.search("daft punk")


def test_timeout(rsps, token, spotify):
    rsps.get(f"{API}/search", body=requests.exceptions.ReadTimeout())
    with pytest.raises(ProviderTimeout):
        spotify.search("daft punk")


def test_bad_credentials(rsps, spotify):
    rsps.post(TOKEN_URL, status=400, json=load("spotify_token_invalid_client.json"))
    with pytest.raises(ProviderUnavailable, match="invalid_client"):
        spotify.search("daft punk")


def test_token_endpoint_down(rsps, spotify):
    rsps.post(TOKEN_URL, body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(ProviderUnavailable, match="could not be reached"):
        spotify.search("daft punk")


# -- previews and the fallback chain ----------------------------------------------
def _null_preview_track(rsps):
    rsps.get(f"{API}/tracks/{TRACK_ID}", json=load("spotify_track.json"))


def test_own_preview_is_downloaded_from_spotify(rsps, token, spotify):
    track = load("spotify_track_with_preview.json")
    rsps.get(f"{API}/tracks/{track['id']}", json=track)
    rsps.get(track["preview_url"], body=MP3)
    ref = spotify.resolve(track["id"])
    assert spotify.locate_preview(ref).via == "direct"
    assert spotify.fetch_preview(ref) == MP3


def test_null_preview_falls_back_to_deezer_by_isrc(rsps, token, spotify):
    _null_preview_track(rsps)
    deezer_track = load("deezer_track.json")
    rsps.get(f"{DEEZER}/track/isrc:USQX91300108", json=deezer_track)
    rsps.get(deezer_track["preview"], body=MP3)
    ref = spotify.resolve(TRACK_ID)
    match = spotify.locate_preview(ref)
    assert (match.via, match.ref.provider, match.ref.id) == (
        "isrc",
        "deezer",
        "67238735",
    )
    assert spotify.fetch_preview(ref) == MP3
    assert not any(ITUNES in call.request.url for call in rsps.calls)


def test_isrc_unknown_then_deezer_search_with_a_good_match(rsps, token, spotify):
    _null_preview_track(rsps)
    rsps.get(
        f"{DEEZER}/track/isrc:USQX91300108", json=load("deezer_error_no_data.json")
    )
    rsps.get(f"{DEEZER}/search", json=load("deezer_search.json"))
    match = spotify.locate_preview(spotify.resolve(TRACK_ID))
    assert (match.via, match.ref.id, match.score) == ("search", "67238735", 1.0)


def test_deezer_has_nothing_then_itunes_matches(rsps, token, spotify):
    _null_preview_track(rsps)
    rsps.get(
        f"{DEEZER}/track/isrc:USQX91300108", json=load("deezer_error_no_data.json")
    )
    rsps.get(f"{DEEZER}/search", json=load("deezer_search_empty.json"))
    rsps.get(f"{ITUNES}/search", json=load("itunes_search.json"))
    song = load("itunes_search.json")["results"][0]
    rsps.get(song["previewUrl"], body=M4A)
    ref = spotify.resolve(TRACK_ID)
    match = spotify.locate_preview(ref)
    assert (match.ref.provider, match.ref.id) == ("itunes", "617154366")
    assert match.score >= 0.8
    assert spotify.fetch_preview(ref) == M4A


def test_below_the_threshold_is_refused(rsps, token, spotify):
    _null_preview_track(rsps)
    rsps.get(
        f"{DEEZER}/track/isrc:USQX91300108", json=load("deezer_error_no_data.json")
    )
    rsps.get(f"{DEEZER}/search", json=load("deezer_search_covers.json"))
    rsps.get(f"{ITUNES}/search", json=load("itunes_search_covers.json"))
    with pytest.raises(NoPreview, match=r"best was .* \(score 0\.\d\d < 0\.80\)"):
        spotify.fetch_preview(spotify.resolve(TRACK_ID))
    assert not any("dzcdn" in call.request.url for call in rsps.calls)


def test_every_fallback_failing_reports_the_failure(rsps, token, spotify):
    _null_preview_track(rsps)
    rsps.get(f"{DEEZER}/track/isrc:USQX91300108", json=load("deezer_error_quota.json"))
    rsps.get(f"{DEEZER}/search", json=load("deezer_error_quota.json"))
    rsps.get(f"{ITUNES}/search", status=403, body="")
    with pytest.raises(ProviderRateLimited, match="itunes"):
        spotify.fetch_preview(spotify.resolve(TRACK_ID))


def test_no_fallbacks_configured(rsps, token):
    spotify = SpotifyProvider("id", "secret")
    _null_preview_track(rsps)
    with pytest.raises(NoPreview, match="spotify has no preview"):
        spotify.fetch_preview(spotify.resolve(TRACK_ID))


def test_find_preview_without_isrc_goes_straight_to_search(rsps, deezer):
    rsps.get(f"{DEEZER}/search", json=load("deezer_search.json"))
    from classifier.providers.base import TrackRef

    ref = TrackRef(provider="local", id="x.mp3", title="Get Lucky", artist="Daft Punk")
    match = find_preview(ref, deezer=deezer)
    assert match.ref.id == "67238735"
    assert len(rsps.calls) == 1
