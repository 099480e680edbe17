"""Deezer against recorded payloads served by ``responses`` (and a loopback server)."""

import pytest
import requests
from responses import matchers

from classifier.providers.deezer import DeezerProvider, _track_ref, preview_expiry
from classifier.providers.errors import (
    DownloadRefused,
    NoPreview,
    PreviewExpired,
    ProviderRateLimited,
    ProviderTimeout,
    ProviderUnavailable,
    TrackNotFound,
)

from .conftest import body, load, unlimited

API = "https://api.deezer.com"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb" * 500
SIGNED_EXPIRY = 1767225600  # exp= of the signed links in the fixtures


@pytest.fixture
def deezer():
    return DeezerProvider(
        rate_limiter=unlimited(), wall_clock=lambda: SIGNED_EXPIRY - 3600
    )


def test_search(rsps, deezer):
    rsps.get(
        f"{API}/search",
        json=load("deezer_search.json"),
        match=[matchers.query_param_matcher({"q": "get lucky", "limit": "3"})],
    )
    refs = deezer.search("get lucky", limit=3)
    assert [ref.id for ref in refs] == ["67238735", "66609426", "67238736"]
    first = refs[0]
    assert first.to_dict() == {
        "provider": "deezer",
        "id": "67238735",
        "title": "Get Lucky (feat. Pharrell Williams and Nile Rodgers)",
        "artist": "Daft Punk",
        "album": "Random Access Memories",
        "artwork_url": "https://e-cdns-images.dzcdn.net/images/cover/"
        "311bba0fc112d15f72c8b5a65f0456c1/250x250-000000-80-0-0.jpg",
        "duration_s": 369.0,
        "isrc": None,
        "preview_url": first.preview_url,
    }
    assert first.preview_url.startswith("https://cdnt-preview.dzcdn.net/api/1/1/")
    assert refs[1].preview_url.startswith("https://cdns-preview-d.dzcdn.net/stream/")
    assert refs[2].preview_url is None  # "preview": ""


def test_search_empty_and_blank(rsps, deezer):
    rsps.get(f"{API}/search", json=load("deezer_search_empty.json"))
    assert deezer.search("zzzxq") == []
    assert deezer.search("   ") == []
    assert len(rsps.calls) == 1


def test_search_track_uses_the_advanced_syntax(rsps, deezer):
    rsps.get(
        f"{API}/search",
        json=load("deezer_search.json"),
        match=[
            matchers.query_param_matcher(
                {"q": 'artist:"Daft Punk" track:"Get Lucky"', "limit": "10"}
            )
        ],
    )
    assert len(deezer.search_track(artist="Daft Punk", title="Get Lucky")) == 3


def test_resolve(rsps, deezer):
    rsps.get(f"{API}/track/67238735", json=load("deezer_track.json"))
    ref = deezer.resolve("67238735")
    assert (ref.id, ref.isrc, ref.duration_s) == ("67238735", "USQX91300108", 369.0)
    assert preview_expiry(ref.preview_url) == SIGNED_EXPIRY


def test_by_isrc(rsps, deezer):
    rsps.get(f"{API}/track/isrc:USQX91300108", json=load("deezer_track.json"))
    assert deezer.by_isrc("usqx91300108").id == "67238735"


def test_no_data_is_not_found(rsps, deezer):
    rsps.get(f"{API}/track/1", json=load("deezer_error_no_data.json"))
    with pytest.raises(TrackNotFound, match="no data"):
        deezer.resolve("1")


@pytest.mark.parametrize("bad", ["abc", "../1", "", "1 2"])
def test_bad_ids_never_reach_the_api(rsps, deezer, bad):
    with pytest.raises(TrackNotFound, match="not a Deezer track id"):
        deezer.resolve(bad)
    with pytest.raises(TrackNotFound, match="not an ISRC"):
        deezer.by_isrc(bad)
    assert len(rsps.calls) == 0


def test_quota_code_4_is_rate_limited(rsps, deezer):
    rsps.get(f"{API}/search", json=load("deezer_error_quota.json"))
    with pytest.raises(ProviderRateLimited, match="Quota limit exceeded") as info:
        deezer.search("daft punk")
    assert info.value.retry_after == 5.0


def test_5xx(rsps, deezer):
    rsps.get(f"{API}/search", status=503, body="<html>Service Unavailable</html>")
    with pytest.raises(ProviderUnavailable, match="HTTP 503"):
        deezer.search("daft punk")


def test_malformed_json(rsps, deezer):
    rsps.get(f"{API}/search", body=body("deezer_search.json")[:200])
    with pytest.raises(ProviderUnavailable, match="not JSON"):
        deezer.search("daft punk")


def test_unknown_error_code(rsps, deezer):
    rsps.get(
        f"{API}/search",
        json={"error": {"type": "Exception", "message": "busy", "code": 700}},
    )
    with pytest.raises(ProviderUnavailable, match="error 700: busy"):
        deezer.search("daft punk")


def test_timeout(rsps, deezer):
    rsps.get(f"{API}/search", body=requests.exceptions.ReadTimeout())
    with pytest.raises(ProviderTimeout):
        deezer.search("daft punk")


def test_a_server_that_never_answers(loopback):
    loopback.route("/search", lambda h: loopback.release.wait(10))
    deezer = DeezerProvider(
        api_url=loopback.base, timeout_s=0.3, rate_limiter=unlimited()
    )
    with pytest.raises(ProviderTimeout, match=r"within 0\.3 s"):
        deezer.search("daft punk")


# -- previews -------------------------------------------------------------------------
def _track(preview: str) -> dict:
    payload = load("deezer_track.json")
    payload["preview"] = preview
    return payload


def test_fetch_preview_with_a_fresh_link(rsps, deezer):
    track = load("deezer_track.json")
    rsps.get(track["preview"], body=MP3)
    ref = _track_ref(track)
    assert deezer.fetch_preview(ref) == MP3
    assert len(rsps.calls) == 1  # no re-resolve while the link is valid


def test_fetch_preview_re_resolves_an_expired_link(rsps):
    deezer = DeezerProvider(
        rate_limiter=unlimited(), wall_clock=lambda: SIGNED_EXPIRY + 10
    )
    fresh = load("deezer_track.json")["preview"].replace(
        f"exp={SIGNED_EXPIRY}", f"exp={SIGNED_EXPIRY + 3600}"
    )
    rsps.get(f"{API}/track/67238735", json=_track(fresh))
    rsps.get(fresh, body=MP3)
    stale = deezer_ref_with(load("deezer_track.json")["preview"])
    assert deezer.fetch_preview(stale) == MP3
    assert [call.request.url.split("?")[0] for call in rsps.calls] == [
        f"{API}/track/67238735",
        fresh.split("?")[0],
    ]


def test_403_then_re_resolve_and_succeed(rsps, deezer):
    old = load("deezer_track.json")["preview"]
    new = old.replace("hmac=5f0c", "hmac=9a9a")
    rsps.get(old, status=403, body="Forbidden")
    rsps.get(f"{API}/track/67238735", json=_track(new))
    rsps.get(new, body=MP3)
    assert deezer.fetch_preview(deezer_ref_with(old)) == MP3
    assert len(rsps.calls) == 3


def test_403_twice_gives_up(rsps, deezer):
    old = load("deezer_track.json")["preview"]
    new = old.replace("hmac=5f0c", "hmac=9a9a")
    rsps.get(old, status=403, body="Forbidden")
    rsps.get(f"{API}/track/67238735", json=_track(new))
    rsps.get(new, status=403, body="Forbidden")
    with pytest.raises(
        PreviewExpired, match=r"still refused \(HTTP 403\) after re-resolving"
    ):
        deezer.fetch_preview(deezer_ref_with(old))
    assert len(rsps.calls) == 3


def test_no_preview(rsps, deezer):
    rsps.get(f"{API}/track/67238735", json=_track(""))
    with pytest.raises(NoPreview, match="no preview for track 67238735"):
        deezer.fetch_preview(deezer_ref_with(None))


def test_preview_on_another_host_is_refused(rsps, deezer):
    with pytest.raises(DownloadRefused, match=r"evil\.example\.com"):
        deezer.fetch_preview(deezer_ref_with("https://evil.example.com/x.mp3"))


def test_preview_expiry():
    assert preview_expiry("https://cdns-preview-0.dzcdn.net/stream/c-1-5.mp3") is None
    url = "https://cdnt-preview.dzcdn.net/api/1/x.mp3?hdnea=exp=1732200000~acl=/x*~hmac=ab"
    assert preview_expiry(url) == 1732200000


def deezer_ref_with(preview):
    return _track_ref(_track(preview or ""))
