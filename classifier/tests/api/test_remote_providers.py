"""The classify API over Deezer, with recorded payloads at the transport layer."""

import json
from pathlib import Path

import pytest
import requests
import responses
from rest_framework.test import APIClient

from classifier.services.providers import providers_get

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "providers"
TRACK_URL = "https://api.deezer.com/track/67238735"
# A signed link that expires in 2100, so the provider does not re-resolve it first.
PREVIEW_URL = (
    "https://cdnt-preview.dzcdn.net/api/1/1/b/2/e/0/b2e9c7a6.mp3"
    "?hdnea=exp=4102444800~acl=/api/1/1/b/2/e/0/b2e9c7a6.mp3*~hmac=5f0c3e8a"
)


@pytest.fixture
def deezer(settings):
    settings.AUDIOFILER_DEEZER = True
    providers_get.cache_clear()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        yield mocked
    providers_get.cache_clear()


def _track(**changes) -> dict:
    payload = json.loads((DATA / "deezer_track.json").read_text())
    return {**payload, "preview": PREVIEW_URL, **changes}


def _post(track_id: str = "67238735"):
    return APIClient().post(
        "/api/classifications",
        {"provider": "deezer", "track_id": track_id},
        format="json",
    )


def test_classify_a_deezer_track(deezer, demo_songs, active_model):
    mp3 = next(p for p in demo_songs if p.suffix == ".mp3")
    deezer.get(TRACK_URL, json=_track())
    deezer.get(PREVIEW_URL, body=mp3.read_bytes(), content_type="audio/mpeg")

    response = _post()

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["track"] == {
        "provider": "deezer",
        "id": "67238735",
        "title": "Get Lucky (feat. Pharrell Williams and Nile Rodgers)",
        "artist": "Daft Punk",
        "album": "Random Access Memories",
        "artwork_url": body["track"]["artwork_url"],
        "duration_s": 369.0,
        "isrc": "USQX91300108",
    }
    assert body["track"]["artwork_url"].startswith("https://")
    assert [g["genre"] for g in body["genres"]] != []
    assert body["timings_ms"]["fetch"] > 0


def test_a_deezer_result_is_reused_for_a_day_then_made_afresh(
    deezer, demo_songs, active_model, settings
):
    from datetime import timedelta

    from classifier.models import Classification

    mp3 = next(p for p in demo_songs if p.suffix == ".mp3")
    deezer.get(TRACK_URL, json=_track())
    deezer.get(PREVIEW_URL, body=mp3.read_bytes(), content_type="audio/mpeg")
    first = _post().json()
    fetched = len(deezer.calls)

    again = _post().json()
    calls_when_cached = len(deezer.calls)
    # A day later (AUDIOFILER_RESULT_CACHE_S): fetched and classified afresh.
    Classification.objects.filter(pk=first["id"]).update(
        created_at=Classification.objects.get(pk=first["id"]).created_at
        - timedelta(seconds=settings.AUDIOFILER_RESULT_CACHE_S + 1)
    )
    later = _post().json()

    assert again == {**first, "cached": True}
    assert calls_when_cached == fetched
    assert later["cached"] is False
    assert later["id"] != first["id"]
    assert len(deezer.calls) > fetched


def test_quota_error_is_503_with_retry_after(deezer, active_model):
    deezer.get(
        TRACK_URL, json=json.loads((DATA / "deezer_error_quota.json").read_text())
    )

    response = _post()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "error": "rate_limited",
        "message": "Deezer is getting more requests from us than it allows right "
        "now. Try again in 5 seconds, or upload the file instead.",
    }


def test_provider_timeout_is_504(deezer, active_model):
    deezer.get(TRACK_URL, body=requests.exceptions.ReadTimeout("read timed out"))

    response = _post()

    assert response.status_code == 504
    assert response.json()["error"] == "provider_timeout"


def test_provider_down_is_502(deezer, active_model):
    deezer.get(TRACK_URL, status=500, body="<html>oops</html>")

    response = _post()

    assert response.status_code == 502
    assert response.json()["error"] == "provider_unavailable"


def test_malformed_json_is_502(deezer, active_model):
    deezer.get(TRACK_URL, body="{not json", content_type="application/json")

    response = _post()

    assert response.status_code == 502
    assert response.json()["error"] == "provider_unavailable"


def test_track_without_preview_is_422(deezer, active_model):
    deezer.get(TRACK_URL, json=_track(preview=""))

    response = _post()

    assert response.status_code == 422
    assert response.json()["error"] == "no_preview"


def test_unknown_deezer_track_is_404(deezer, active_model):
    deezer.get(
        "https://api.deezer.com/track/1",
        json=json.loads((DATA / "deezer_error_no_data.json").read_text()),
    )

    response = _post("1")

    assert response.status_code == 404
    assert response.json()["error"] == "track_not_found"


def test_preview_redirected_off_the_allow_list_is_refused(deezer, active_model):
    deezer.get(TRACK_URL, json=_track())
    deezer.get(PREVIEW_URL, status=302, headers={"Location": "https://evil.example/x"})

    response = _post()

    assert response.status_code == 502
    assert response.json()["error"] == "preview_refused"


def test_search_reports_a_failing_provider_but_keeps_local_results(
    deezer, library, demo_songs
):
    deezer.get("https://api.deezer.com/search", status=503)

    response = APIClient().get("/api/search", {"q": "a"})

    assert response.status_code == 200
    body = response.json()
    assert {r["provider"] for r in body["results"]} == {"local"}
    assert set(body["errors"]) == {"deezer"}
