"""build_features against recorded Deezer and iTunes payloads at the transport layer.

``responses`` serves the recorded API bodies and the preview bytes (clips we
synthesise); a loopback server plays a provider that hangs. The providers run
unmodified; only their limiters get a fake clock so quota waits cost no time, and
the build's back-off sleeps are recorded instead of slept.
"""

import re
import time

import pytest
import responses

from classifier.providers.deezer import DeezerProvider
from classifier.providers.itunes import ITunesProvider
from classifier.providers.ratelimit import RateLimiter
from classifier.tests.providers.conftest import FakeClock, Loopback, body
from dataset.models import Extraction, FeatureVector, Genre, Label, Track
from dataset.services.extract import RetryPolicy
from dataset.services.features import features_build
from dataset.tests.conftest import write_clip

pytestmark = pytest.mark.django_db

ISRC = "USQX91300108"  # the recorded Deezer track's
DEEZER_PREVIEW = re.compile(r"https://cdnt-preview\.dzcdn\.net/.*")
ITUNES_PREVIEW = re.compile(r"https://audio-ssl\.itunes\.apple\.com/.*")
# The recorded signed link expires at 1767225600; the clock reads an hour before.
BEFORE_EXPIRY = 1767225600 - 3600


@pytest.fixture(scope="module")
def audio(tmp_path_factory):
    folder = tmp_path_factory.mktemp("previews")
    return {
        fmt: write_clip(
            folder / f"preview.{fmt}", "Electronic", seconds=3, seed=4
        ).read_bytes()
        for fmt in ("mp3", "m4a")
    }


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def clock():
    return FakeClock()


def limiter(clock, calls=50, period=5.0):
    return RateLimiter(
        calls, period, burst=10, name="test", clock=clock, sleep=clock.sleep
    )


def deezer(clock, **kwargs):
    return DeezerProvider(
        rate_limiter=limiter(clock), wall_clock=lambda: BEFORE_EXPIRY, **kwargs
    )


def itunes(clock):
    return ITunesProvider(rate_limiter=limiter(clock, calls=20, period=60.0))


def labelled_track(**fields):
    track = Track.objects.create(
        source="msd",
        msd_id=fields.pop("msd_id", "TRAAAAW128F429D538"),
        artist="Daft Punk",
        title="Get Lucky",
        **fields,
    )
    genre, _ = Genre.objects.get_or_create(name="Electronic")
    Label.objects.create(track=track, genre=genre, origin="tags")
    return track


def build(providers, names, sleeps, clock):
    def sleep(seconds):
        sleeps.append(seconds)
        clock.sleep(seconds)  # the limiters' time passes too

    return features_build(
        providers=names,
        provider_objects=providers,
        policy=RetryPolicy(attempts=3, base_s=1.0),
        sleep=sleep,
    )


def status_of(track):
    return Extraction.objects.get(track=track)


def test_deezer_by_isrc_after_a_quota_error(rsps, audio, clock):
    track = labelled_track(isrc=ISRC)
    url = f"https://api.deezer.com/track/isrc:{ISRC}"
    rsps.get(url, body=body("deezer_error_quota.json"))  # HTTP 200, code 4
    rsps.get(url, body=body("deezer_track.json"))
    rsps.get(DEEZER_PREVIEW, body=audio["mp3"])
    sleeps = []

    run = build({"deezer": deezer(clock)}, ["deezer"], sleeps, clock)

    extraction = status_of(track)
    assert (extraction.status, extraction.provider) == ("done", "deezer")
    assert extraction.attempts == 3  # quota, lookup, download
    assert sleeps == [5.0]  # Deezer's quota window, as the provider reported it
    assert FeatureVector.objects.get(track=track).windows == 3
    assert run.counts["status"] == {"done": 1}


def test_itunes_429_with_retry_after_then_success(rsps, audio, clock):
    track = labelled_track()
    search = "https://itunes.apple.com/search"
    rsps.get(search, status=429, headers={"Retry-After": "7"})
    rsps.get(search, body=body("itunes_search.json"))
    rsps.get(ITUNES_PREVIEW, body=audio["m4a"])
    sleeps = []

    build({"itunes": itunes(clock)}, ["itunes"], sleeps, clock)

    extraction = status_of(track)
    assert (extraction.status, extraction.provider) == ("done", "itunes")
    assert sleeps == [7.0]


def test_a_5xx_is_retried_with_jittered_backoff(rsps, audio, clock):
    track = labelled_track(isrc=ISRC)
    url = f"https://api.deezer.com/track/isrc:{ISRC}"
    rsps.get(url, status=503)
    rsps.get(url, status=502)
    rsps.get(url, body=body("deezer_track.json"))
    rsps.get(DEEZER_PREVIEW, body=audio["mp3"])
    sleeps = []

    build({"deezer": deezer(clock)}, ["deezer"], sleeps, clock)

    assert status_of(track).status == "done"
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 1.0  # attempt 1: [d/2, d] with d = 1 s
    assert 1.0 <= sleeps[1] <= 2.0  # attempt 2: d = 2 s


def test_a_provider_that_hangs_times_out_and_is_retried(rsps, audio, clock):
    server = Loopback()
    calls = []

    def lookup(handler):
        calls.append(time.monotonic())
        if len(calls) == 1:
            server.release.wait(2.0)  # longer than the client's timeout
        handler.reply(200, body("deezer_track.json").encode())

    server.route(f"/track/isrc:{ISRC}", lookup)
    rsps.add_passthru(server.base)
    rsps.get(DEEZER_PREVIEW, body=audio["mp3"])
    track = labelled_track(isrc=ISRC)
    sleeps = []
    try:
        build(
            {"deezer": deezer(clock, api_url=server.base, timeout_s=0.3)},
            ["deezer"],
            sleeps,
            clock,
        )
    finally:
        server.close()

    assert status_of(track).status == "done"
    assert len(calls) == 2
    assert len(sleeps) == 1


def test_no_preview_anywhere_is_its_own_status(rsps, clock):
    track = labelled_track(isrc=ISRC)
    rsps.get(
        f"https://api.deezer.com/track/isrc:{ISRC}",
        body=body("deezer_error_no_data.json"),
    )
    rsps.get("https://api.deezer.com/search", body=body("deezer_search_empty.json"))
    rsps.get("https://itunes.apple.com/search", body=body("itunes_empty.json"))
    sleeps = []

    run = build(
        {"deezer": deezer(clock), "itunes": itunes(clock)},
        ["deezer", "itunes"],
        sleeps,
        clock,
    )

    extraction = status_of(track)
    assert extraction.status == "no_preview"
    assert "no preview found for Daft Punk - Get Lucky" in extraction.reason
    assert sleeps == []
    assert not FeatureVector.objects.exists()
    assert run.counts["status"] == {"no_preview": 1}


def test_retries_run_out_and_the_track_fails_with_the_reason(rsps, clock):
    track = labelled_track()
    rsps.get("https://itunes.apple.com/search", status=429)  # every time
    sleeps = []

    build({"itunes": itunes(clock)}, ["itunes"], sleeps, clock)

    extraction = status_of(track)
    assert extraction.status == "failed"
    assert extraction.reason == (
        "ProviderRateLimited: itunes is rate limiting requests (HTTP 429)"
    )
    assert extraction.attempts == 3
    assert sleeps == [60.0, 60.0]  # iTunes's default Retry-After when none is sent


def test_a_preview_that_is_not_audio_fails_without_retries(rsps, clock):
    track = labelled_track(isrc=ISRC)
    rsps.get(
        f"https://api.deezer.com/track/isrc:{ISRC}", body=body("deezer_track.json")
    )
    rsps.get(DEEZER_PREVIEW, body=b"<html>not audio</html>")
    sleeps = []

    build({"deezer": deezer(clock)}, ["deezer"], sleeps, clock)

    assert status_of(track).status == "failed"
    assert status_of(track).reason.startswith("NotAudioError")
    assert sleeps == []
