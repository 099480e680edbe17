"""``POST /api/classifications/stream``: the stages as the server starts them, then
the same body ``POST /api/classifications`` answers (or the same error)."""

import io
import json
import threading
from pathlib import Path

import pytest
import responses
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from audiofiler.exceptions import SERVER_ERROR_MESSAGE
from classifier import pipeline
from classifier.models import Classification
from classifier.services.providers import providers_get

# The work runs in a thread with its own database connection: it must see committed
# rows, so these tests commit (and flush afterwards).
pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/classifications/stream"
DATA = Path(__file__).resolve().parent.parent / "data" / "providers"
DEEZER_TRACK_URL = "https://api.deezer.com/track/67238735"
DEEZER_PREVIEW_URL = (
    "https://cdnt-preview.dzcdn.net/api/1/1/b/2/e/0/b2e9c7a6.mp3"
    "?hdnea=exp=4102444800~acl=/api/1/1/b/2/e/0/b2e9c7a6.mp3*~hmac=5f0c3e8a"
)
STAGES = ["fetching", "decoding", "extracting", "predicting"]


@pytest.fixture
def client():
    return APIClient()


def parse_events(chunks) -> list[tuple[str, dict]]:
    """``[(event, data)]`` from a ``text/event-stream`` body."""
    text = b"".join(chunks).decode()
    assert text.endswith("\n\n")
    events = []
    for block in text[:-2].split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        assert set(lines) == {"event", "data"}
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def _stream(client, payload, *, multipart=False):
    response = client.post(
        URL,
        payload,
        format="multipart" if multipart else "json",
        HTTP_ACCEPT="text/event-stream",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Accel-Buffering"] == "no"
    return parse_events(response.streaming_content)


def _stages(events) -> list[str]:
    stages = [data for event, data in events if event == "stage"]
    for data in stages:
        assert set(data) == {"stage", "elapsed_ms"}
        assert isinstance(data["elapsed_ms"], int)
        assert data["elapsed_ms"] >= 0
    elapsed = [data["elapsed_ms"] for data in stages]
    assert elapsed == sorted(elapsed)
    return [data["stage"] for data in stages]


def _upload(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_a_local_song_streams_every_stage_then_the_result(
    client, library, demo_songs, active_model
):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    payload = {"provider": "local", "track_id": song.name}

    events = _stream(client, payload)

    assert _stages(events) == STAGES
    assert [event for event, _ in events] == ["stage"] * 4 + ["result"]
    result = events[-1][1]
    assert result["cached"] is False
    assert result["track"]["id"] == song.name
    # Exactly what the JSON API has stored and answers.
    assert client.get(f"/api/classifications/{result['id']}").json() == result
    again = client.post("/api/classifications", payload, format="json")
    assert again.status_code == 201
    assert again.json() == {**result, "cached": True}


def test_a_cached_local_song_goes_straight_to_the_result(
    client, library, demo_songs, active_model
):
    payload = {"provider": "local", "track_id": demo_songs[1].name}
    first = _stream(client, payload)

    second = _stream(client, payload)

    # A local file is keyed by its content, whose digest the library remembers
    # while the file is unchanged: nothing is fetched again.
    assert second == [("result", {**first[-1][1], "cached": True})]
    assert Classification.objects.count() == 1


def test_an_upload_streams_its_stages_and_a_repeat_goes_straight_to_the_result(
    client, demo_songs, active_model
):
    data = next(p for p in demo_songs if p.suffix == ".ogg").read_bytes()

    first = _stream(client, {"file": _upload(data, "mine.ogg")}, multipart=True)
    second = _stream(client, {"file": _upload(data, "mine.ogg")}, multipart=True)

    assert _stages(first) == ["decoding", "extracting", "predicting"]
    assert first[-1][0] == "result"
    assert first[-1][1]["track"]["title"] == "mine.ogg"
    assert second == [("result", {**first[-1][1], "cached": True})]


def test_an_undecodable_upload_is_an_error_event_like_the_json_api(
    client, active_model
):
    data = b"fLaC" + b"\x00" * 4000  # begins like FLAC, decodes as nothing

    events = _stream(client, {"file": _upload(data, "song.flac")}, multipart=True)
    plain = client.post(
        "/api/classifications", {"file": _upload(data, "song.flac")}, format="multipart"
    )

    assert _stages(events) == ["decoding"]
    assert plain.status_code == 400
    assert events[-1] == (
        "error",
        {**plain.json(), "status": 400, "retry_after": None},
    )
    assert events[-1][1]["error"] == "undecodable_audio"
    assert Classification.objects.count() == 0


def test_an_upload_that_is_not_audio_is_a_plain_400_like_the_json_api(
    client, active_model
):
    data = b"this is not audio at all" * 100

    streamed = client.post(
        "/api/classifications/stream",
        {"file": _upload(data, "notes.mp3")},
        format="multipart",
        HTTP_ACCEPT="text/event-stream",
    )
    plain = client.post(
        "/api/classifications", {"file": _upload(data, "notes.mp3")}, format="multipart"
    )

    assert not streamed.streaming
    assert streamed.status_code == 400
    assert streamed.json() == plain.json()
    assert streamed.json()["error"] == "not_audio"
    assert Classification.objects.count() == 0


def test_an_unknown_local_track_is_a_404_error_event(client, library, active_model):
    events = _stream(client, {"provider": "local", "track_id": "Nobody - No.mp3"})

    # Found missing while the result cache is looked up, before any stage.
    assert events == [
        (
            "error",
            {
                "error": "track_not_found",
                "message": "The music library does not know this track. Search"
                " again and pick one of the results.",
                "status": 404,
                "retry_after": None,
            },
        ),
    ]


@pytest.fixture
def deezer(settings):
    settings.AUDIOFILER_DEEZER = True
    providers_get.cache_clear()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        yield mocked
    providers_get.cache_clear()


def test_a_rate_limited_provider_is_a_503_event_with_retry_after(
    client, deezer, active_model
):
    quota = json.loads((DATA / "deezer_error_quota.json").read_text())
    deezer.get(DEEZER_TRACK_URL, json=quota)
    payload = {"provider": "deezer", "track_id": "67238735"}

    events = _stream(client, payload)
    plain = client.post("/api/classifications", payload, format="json")

    assert plain.status_code == 503
    assert events == [
        ("stage", events[0][1]),
        (
            "error",
            {
                "error": "rate_limited",
                "message": plain.json()["message"],
                "status": 503,
                "retry_after": int(plain["Retry-After"]),
            },
        ),
    ]
    assert events[-1][1]["retry_after"] == 5


def test_a_cached_remote_track_goes_straight_to_the_result(
    client, deezer, demo_songs, active_model
):
    mp3 = next(p for p in demo_songs if p.suffix == ".mp3")
    track = json.loads((DATA / "deezer_track.json").read_text())
    deezer.get(DEEZER_TRACK_URL, json={**track, "preview": DEEZER_PREVIEW_URL})
    deezer.get(DEEZER_PREVIEW_URL, body=mp3.read_bytes(), content_type="audio/mpeg")
    payload = {"provider": "deezer", "track_id": "67238735"}

    first = _stream(client, payload)
    second = _stream(client, payload)

    assert _stages(first) == STAGES
    assert second == [("result", {**first[-1][1], "cached": True})]


def test_each_stage_is_sent_when_it_starts(
    client, library, demo_songs, active_model, monkeypatch
):
    """The "extracting" event arrives while the extraction is still held up."""
    release = threading.Event()
    extract = pipeline.extract_features

    def held_extract(*args, **kwargs):
        assert release.wait(timeout=60)
        return extract(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_features", held_extract)
    payload = {"provider": "local", "track_id": demo_songs[2].name}
    response = client.post(URL, payload, format="json")
    chunks = iter(response.streaming_content)

    early = [parse_events([next(chunks)])[0] for _ in range(3)]
    assert [data["stage"] for _, data in early] == STAGES[:3]
    assert Classification.objects.count() == 0  # still extracting
    release.set()
    rest = parse_events(list(chunks))

    assert [event for event, _ in rest] == ["stage", "result"]
    assert Classification.objects.count() == 1


def test_an_unexpected_failure_is_a_500_event(
    client, library, demo_songs, active_model, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "decode_audio", broken)

    events = _stream(client, {"provider": "local", "track_id": demo_songs[3].name})

    assert events[-1] == (
        "error",
        {
            "error": "server_error",
            "message": SERVER_ERROR_MESSAGE,
            "status": 500,
            "retry_after": None,
        },
    )


# --- what is checked before the stream starts: plain JSON errors -----------------


def test_bad_input_is_a_plain_400(client, active_model):
    response = client.post(URL, {}, format="json", HTTP_ACCEPT="text/event-stream")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": "invalid",
        "message": "non_field_errors: Send either {provider, track_id} or a "
        "multipart file.",
        "fields": {
            "non_field_errors": [
                "Send either {provider, track_id} or a multipart file."
            ]
        },
    }


def test_an_empty_upload_is_a_plain_400(client, active_model):
    response = client.post(URL, {"file": _upload(b"", "empty.mp3")}, format="multipart")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert "file" in response.json()["fields"]


def test_an_unknown_provider_is_a_plain_400(client, active_model):
    response = client.post(URL, {"provider": "napster", "track_id": "1"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "unknown_provider",
        "message": "Unknown provider 'napster'; configured: local.",
    }


def test_a_large_upload_is_a_plain_413(client, settings, active_model):
    settings.AUDIOFILER_MAX_UPLOAD_BYTES = 1000

    response = client.post(
        URL, {"file": _upload(b"\0" * 5000, "big.wav")}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json() == {
        "error": "too_large",
        "message": "The file is 4.88 KB; the most we accept is 1000 bytes. Upload a "
        "shorter clip: 30 seconds of the song is plenty.",
    }


def test_without_a_model_it_is_a_plain_503(client, library, demo_songs):
    response = client.post(
        URL, {"provider": "local", "track_id": demo_songs[0].name}, format="json"
    )

    assert response.status_code == 503
    assert response.json()["error"] == "no_model"


def test_the_stream_shares_the_classify_throttle(
    client, library, demo_songs, active_model, monkeypatch
):
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {"anon": "1000/minute", "classify": "2/minute"},
    )
    payload = {"provider": "local", "track_id": demo_songs[0].name}

    first = client.post(URL, payload, format="json")
    list(first.streaming_content)
    second = client.post("/api/classifications", payload, format="json")
    third = client.post(URL, payload, format="json")

    assert [first.status_code, second.status_code] == [200, 201]
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert third.json()["error"] == "throttled"
