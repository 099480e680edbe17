import hashlib
import io
import uuid
import wave

import numpy as np
import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from classifier.demo.catalogue import read_tags
from classifier.models import Classification

pytestmark = pytest.mark.django_db
GENRES = ["Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock"]


@pytest.fixture
def client():
    return APIClient()


def _assert_result(
    body: dict, *, track: dict, duration_s: float, cached: bool = False
) -> None:
    """The whole classification body: every key, and values that hold together."""
    assert set(body) == {
        "id",
        "track",
        "genres",
        "timeline",
        "model",
        "timings_ms",
        "cached",
    }
    assert body["cached"] is cached
    uuid.UUID(body["id"])
    assert body["track"] == track
    assert [g["genre"] for g in body["genres"]] != []
    assert sorted(g["genre"] for g in body["genres"]) == GENRES
    probabilities = [g["probability"] for g in body["genres"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert sum(probabilities) == pytest.approx(1.0, abs=1e-5)
    assert body["model"]["version"] == "test-model"
    assert body["model"]["genres"] == GENRES
    assert 0.0 < body["model"]["accuracy"] <= 1.0
    assert set(body["timings_ms"]) == {"fetch", "decode", "features", "predict"}
    assert all(v >= 0 for v in body["timings_ms"].values())
    n_windows = round(duration_s)
    assert body["timeline"][0]["start_s"] == 0.0
    assert body["timeline"][-1]["end_s"] == pytest.approx(n_windows, abs=1.0)
    for segment in body["timeline"]:
        assert sorted(segment["genres"]) == GENRES
        assert sum(segment["genres"].values()) == pytest.approx(1.0, abs=1e-5)


def test_classify_a_local_demo_song(client, library, demo_songs, active_model):
    song = next(p for p in demo_songs if p.suffix == ".mp3")
    tags = read_tags(song)

    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": song.name},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    _assert_result(
        body,
        track={
            "provider": "local",
            "id": song.name,
            "title": tags["title"],
            "artist": tags["artist"],
            "album": tags["album"],
            "artwork_url": None,
            "duration_s": pytest.approx(6.0, abs=0.2),
            "isrc": None,
        },
        duration_s=6.0,
    )
    stored = Classification.objects.get(pk=body["id"])
    assert stored.model_version == active_model
    assert stored.genres == body["genres"]

    detail = client.get(f"/api/classifications/{body['id']}")
    assert detail.status_code == 200
    assert detail.json() == body


def test_the_same_track_is_classified_once_per_model(
    client, library, demo_songs, active_model
):
    payload = {"provider": "local", "track_id": demo_songs[1].name}
    first = client.post("/api/classifications", payload, format="json").json()
    second = client.post("/api/classifications", payload, format="json").json()

    assert second == {**first, "cached": True}
    assert first["cached"] is False
    assert Classification.objects.count() == 1


def test_a_cached_local_answer_is_one_query_and_no_read_of_the_file(
    client, library, demo_songs, active_model, django_assert_num_queries
):
    from classifier.services.providers import provider_get

    payload = {"provider": "local", "track_id": demo_songs[1].name}
    first = client.post("/api/classifications", payload, format="json").json()
    # The model version's row is read once per process, with the first answer.
    client.post("/api/classifications", payload, format="json")

    with django_assert_num_queries(1):
        third = client.post("/api/classifications", payload, format="json")

    assert third.json() == {**first, "cached": True}
    assert provider_get("local").digest_reads == 1


def test_a_cached_answer_is_the_active_models(
    client, library, demo_songs, active_model, model_artifact
):
    """The lookup checks which model is active on every request."""
    from classifier.services.models import model_activate, model_register

    payload = {"provider": "local", "track_id": demo_songs[1].name}
    by_first = client.post("/api/classifications", payload, format="json").json()
    model_register(directory=model_artifact, version="second-model", activate=True)
    by_second = client.post("/api/classifications", payload, format="json").json()
    model_activate(version="test-model")
    by_first_again = client.post("/api/classifications", payload, format="json").json()

    assert (by_first["cached"], by_second["cached"]) == (False, False)
    assert by_second["model"]["version"] == "second-model"
    assert by_first_again == {**by_first, "cached": True}


def test_a_replaced_local_file_is_classified_afresh(
    client, settings, tmp_path, demo_songs, active_model
):
    """The result cache keys local files by content, not by path alone."""
    from classifier.services.providers import providers_get

    settings.AUDIOFILER_LIBRARY = str(tmp_path)
    providers_get.cache_clear()
    wav = next(p for p in demo_songs if p.suffix == ".wav")
    target = tmp_path / "Some Artist - Some Song.wav"
    target.write_bytes(wav.read_bytes())
    payload = {"provider": "local", "track_id": target.name}
    first = client.post("/api/classifications", payload, format="json").json()

    target.write_bytes(_louder_copy(wav))  # the same path, other audio
    second = client.post("/api/classifications", payload, format="json").json()
    third = client.post("/api/classifications", payload, format="json").json()

    assert second["id"] != first["id"]
    assert second["cached"] is False
    assert second["genres"] != first["genres"]
    assert third == {**second, "cached": True}
    stored = Classification.objects.order_by("created_at")
    assert [c.content_sha256 for c in stored] == [
        hashlib.sha256(wav.read_bytes()).hexdigest(),
        hashlib.sha256(target.read_bytes()).hexdigest(),
    ]
    providers_get.cache_clear()


def _louder_copy(path) -> bytes:
    """The wav at ``path`` with its samples halved and a tone added: other audio."""
    with wave.open(str(path), "rb") as source:
        params = source.getparams()
        samples = np.frombuffer(source.readframes(params.nframes), dtype="<i2")
    t = np.arange(len(samples)) / (params.framerate * params.nchannels)
    changed = samples // 2 + (8000 * np.sin(2 * np.pi * 440 * t)).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setparams(params)
        out.writeframes(changed.astype("<i2").tobytes())
    return buffer.getvalue()


def test_identical_uploads_each_get_their_own_name(client, demo_songs, active_model):
    data = next(p for p in demo_songs if p.suffix == ".mp3").read_bytes()

    def post(name):
        upload = io.BytesIO(data)
        upload.name = name
        return client.post(
            "/api/classifications", {"file": upload}, format="multipart"
        ).json()

    alice = post("alice's demo.mp3")
    bob = post("bob's mix.mp3")
    bob_again = post("bob's mix.mp3")

    assert alice["track"]["title"] == "alice's demo.mp3"
    assert bob["track"]["title"] == "bob's mix.mp3"
    assert bob["id"] != alice["id"]
    assert bob["cached"] is True
    assert bob["genres"] == alice["genres"]
    assert bob_again == bob  # same bytes, same name: the same stored answer
    detail = client.get(f"/api/classifications/{alice['id']}").json()
    assert detail["track"]["title"] == "alice's demo.mp3"


def test_classify_an_upload(client, demo_songs, active_model):
    song = next(p for p in demo_songs if p.suffix == ".ogg")
    upload = io.BytesIO(song.read_bytes())
    upload.name = "my song.ogg"

    response = client.post("/api/classifications", {"file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    _assert_result(
        body,
        track={
            "provider": "upload",
            "id": body["track"]["id"],
            "title": "my song.ogg",
            "artist": "",
        },
        duration_s=6.0,
    )
    assert len(body["track"]["id"]) == 64  # the bytes' sha256


def test_a_text_file_named_mp3_is_400_not_audio(client, active_model):
    upload = io.BytesIO(b"this is not audio at all" * 100)
    upload.name = "notes.mp3"

    response = client.post("/api/classifications", {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json()["error"] == "not_audio"
    assert Classification.objects.count() == 0


def test_a_damaged_audio_file_is_400_undecodable(client, active_model):
    upload = io.BytesIO(b"OggS" + bytes(range(256)) * 8)  # begins like ogg, is not
    upload.name = "broken.ogg"

    response = client.post("/api/classifications", {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json()["error"] == "undecodable_audio"
    assert Classification.objects.count() == 0


def test_upload_over_the_size_cap_is_413(client, settings, active_model):
    settings.AUDIOFILER_MAX_UPLOAD_BYTES = 1000
    upload = io.BytesIO(b"\0" * 5000)
    upload.name = "big.wav"

    response = client.post("/api/classifications", {"file": upload}, format="multipart")

    assert response.status_code == 413
    assert response.json() == {
        "error": "too_large",
        "message": "The file is 4.88 KB; the most we accept is 1000 bytes. Upload a "
        "shorter clip: 30 seconds of the song is plenty.",
    }


def test_audio_past_the_length_cap_is_413(client, settings, active_model):
    settings.AUDIOFILER_MAX_AUDIO_SECONDS = 2.0
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(np.zeros(8000 * 5, dtype="<i2").tobytes())
    buffer.seek(0)
    buffer.name = "five-seconds.wav"

    response = client.post("/api/classifications", {"file": buffer}, format="multipart")

    assert response.status_code == 413
    assert response.json()["error"] == "audio_too_long"


def test_unknown_local_track_is_404(client, library, active_model):
    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": "Nobody - Nothing.mp3"},
        format="json",
    )

    assert response.status_code == 404
    assert response.json()["error"] == "track_not_found"


def test_path_traversal_is_refused_as_unknown_track(client, library, active_model):
    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": "../../etc/passwd"},
        format="json",
    )

    assert response.status_code == 404
    assert response.json()["error"] == "track_not_found"


def test_neither_track_nor_file_is_400(client, active_model):
    response = client.post("/api/classifications", {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_without_an_active_model_it_is_503(client, library, demo_songs):
    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": demo_songs[0].name},
        format="json",
    )

    assert response.status_code == 503
    assert response.json()["error"] == "no_model"


def test_active_model_endpoint(client, active_model):
    response = client.get("/api/models/active")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "test-model"
    assert body["genres"] == GENRES
    assert body["extractor_version"] == active_model.extractor_version
    assert body["accuracy"] == active_model.metrics["accuracy"]


def test_unknown_classification_is_404(client):
    response = client.get(f"/api/classifications/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_classifications_have_their_own_tighter_throttle(
    client, library, demo_songs, active_model, monkeypatch
):
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {"anon": "1000/minute", "classify": "2/minute"},
    )
    payload = {"provider": "local", "track_id": demo_songs[0].name}

    codes = [
        client.post("/api/classifications", payload, format="json").status_code
        for _ in range(3)
    ]

    assert codes == [201, 201, 429]
    assert client.get("/api/search", {"q": "a"}).status_code == 200


def test_the_output_serializer_gives_what_its_declared_fields_give(
    client, library, demo_songs, active_model
):
    """Its hand-written representation matches DRF's generic one, field by field."""
    from rest_framework import serializers

    from classifier.apis.serializers import ClassificationOutputSerializer

    payload = {"provider": "local", "track_id": demo_songs[0].name}
    body = client.post("/api/classifications", payload, format="json").json()
    classification = Classification.objects.select_related("model_version").get(
        pk=body["id"]
    )
    classification.cached = True

    serializer = ClassificationOutputSerializer(classification)
    generic = serializers.Serializer.to_representation(serializer, classification)

    assert serializer.data == generic
    assert list(serializer.data) == list(generic)
    assert serializer.data["cached"] is True
